import { isValidNip, nipCheckDigit, nipProblem, normalizeNip } from '../../../src/domain/nip';

describe('NIP checksum', () => {
	it.each(['5265877635', '9999999999', '1111111111', '1234563218'])('accepts the valid NIP %s', (nip) => {
		expect(isValidNip(nip)).toBe(true);
		expect(nipProblem(nip)).toBeUndefined();
	});

	it('computes the check digit with weights 6,5,7,2,3,4,5,6,7 mod 11', () => {
		expect(nipCheckDigit('526587763')).toBe(5);
	});

	it('rejects a NIP whose last digit is not its checksum', () => {
		expect(isValidNip('5265877636')).toBe(false);
		expect(nipProblem('5265877636')).toMatch(/checksum/);
	});

	it('rejects every NIP whose weighted sum leaves remainder 10, whatever its last digit', () => {
		expect(nipCheckDigit('123456789')).toBeUndefined();
		for (let last = 0; last <= 9; last++) expect(isValidNip(`123456789${last}`)).toBe(false);
	});

	it('refuses a checksum-valid number KSeF still rejects because it starts with 0', () => {
		expect(nipCheckDigit('012345678')).toBe(9);
		expect(nipProblem('0123456789')).toMatch(/may not start with 0/);
	});
});

describe('NIP as people paste it', () => {
	it('strips spaces, dashes and the PL prefix', () => {
		expect(normalizeNip(' PL 526-587-76-35 ')).toBe('5265877635');
		expect(normalizeNip('pl5265877635')).toBe('5265877635');
		expect(normalizeNip('526 587 76 35')).toBe('5265877635');
	});

	it('tells the user to drop the formatting instead of calling a good NIP wrong', () => {
		expect(nipProblem('526-587-76-35')).toMatch(/Enter only the 10 digits: 5265877635/);
	});

	it('says what is missing for empty or short input', () => {
		expect(nipProblem('')).toMatch(/empty/);
		expect(nipProblem('12345')).toMatch(/not 10 digits/);
		expect(nipProblem('52658776AB')).toMatch(/not 10 digits/);
	});
});
