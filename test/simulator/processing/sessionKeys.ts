/** The AES key and IV a session was opened with, decrypted from the request (RSA-OAEP, SymmetricKeyEncryption key). */
import { badRequest, validationError } from '../errors';
import type { Simulator } from '../simulator';
import type { FormCode } from '../state';

interface EncryptionInfo {
	encryptedSymmetricKey: string;
	initializationVector: string;
	publicKeyId?: string | null;
}

export function decryptSessionKey(sim: Simulator, encryption: EncryptionInfo): { aesKey: string; iv: string } {
	if (encryption.publicKeyId && encryption.publicKeyId !== sim.keys.publicKeyIdOf('SymmetricKeyEncryption')) {
		throw badRequest(21470, 'Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz.', [
			`Klucz o identyfikatorze ${encryption.publicKeyId} nie jest wspierany.`,
		]);
	}
	let key: Buffer;
	try {
		key = sim.keys.decrypt('SymmetricKeyEncryption', Buffer.from(encryption.encryptedSymmetricKey, 'base64'));
	} catch {
		throw validationError(['encryption.encryptedSymmetricKey: nie udało się odszyfrować klucza (RSA-OAEP SHA-256).']);
	}
	if (key.length !== 32) throw validationError([`encryption.encryptedSymmetricKey: klucz AES musi mieć 32 bajty, ma ${key.length}.`]);
	// The IV is deliberately not checked: KSeF accepts any length here and then never finishes the invoices.
	return { aesKey: key.toString('base64'), iv: encryption.initializationVector };
}

export function requireFa3(formCode: FormCode): FormCode {
	if (formCode.systemCode !== 'FA (3)' || formCode.schemaVersion !== '1-0E' || formCode.value !== 'FA') {
		throw validationError([
			`formCode: symulator obsługuje tylko FA (3) / 1-0E / FA, otrzymano ${formCode.systemCode} / ${formCode.schemaVersion} / ${formCode.value}.`,
		]);
	}
	return formCode;
}
