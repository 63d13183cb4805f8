/** The AuthTokenRequest document (`auth/schemy/schemat_auth_v2-1.xsd`) that a XAdES sign-in signs. */
export const AUTH_TOKEN_REQUEST_NAMESPACE = 'http://ksef.mf.gov.pl/auth/token/2.1';

export type SubjectIdentifierType = 'certificateSubject' | 'certificateFingerprint';

export interface AuthTokenRequestFields {
	challenge: string;
	/** Context NIP; the schema's other context kinds are not used by this package. */
	nip: string;
	subjectIdentifierType: SubjectIdentifierType;
}

export function buildAuthTokenRequest({ challenge, nip, subjectIdentifierType }: AuthTokenRequestFields): string {
	// Values come from KSeF (challenge) or were checked before (NIP digits, enum): nothing here needs escaping,
	// and the checks below keep it that way.
	if (!/^[0-9A-Z-]+$/.test(challenge)) throw new Error(`Unexpected challenge format from KSeF: ${challenge}`);
	if (!/^\d{10}$/.test(nip)) throw new Error('Context NIP must be 10 digits');
	return (
		'<?xml version="1.0" encoding="utf-8"?>' +
		`<AuthTokenRequest xmlns="${AUTH_TOKEN_REQUEST_NAMESPACE}">` +
		`<Challenge>${challenge}</Challenge>` +
		`<ContextIdentifier><Nip>${nip}</Nip></ContextIdentifier>` +
		`<SubjectIdentifierType>${subjectIdentifierType}</SubjectIdentifierType>` +
		'</AuthTokenRequest>'
	);
}
