/**
 * `npm run simulator -- [--port N] [--state DIR] [--no-xsd] [--no-rate-limits] [--rate-limit-multiplier N]`
 * First stdout line: {"baseUrl","token","nip","certificate","identities"} as JSON (certificate: PEM, encrypted key PEM,
 * password; identities: every NIP the simulator knows with its token); then human-readable lines, every identity,
 * the certificate and key among them. Stops on SIGTERM/SIGINT.
 */
import { start } from './index';

function argValue(name: string): string | undefined {
	const i = process.argv.indexOf(name);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

/** PRD's limits (as TEST since API 2.5.0) unless asked otherwise, e.g. 10 for TEST's earlier limits. */
function rateLimitMultiplier(): number {
	const value = Number(argValue('--rate-limit-multiplier') ?? 1);
	if (!(value > 0)) throw new Error('--rate-limit-multiplier must be a positive number');
	return value;
}

async function main(): Promise<void> {
	const port = Number(argValue('--port') ?? 0);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a number from 0 to 65535');
	const running = await start({
		port,
		stateDir: argValue('--state'),
		validateXsd: !process.argv.includes('--no-xsd'),
		rateLimits: { enabled: !process.argv.includes('--no-rate-limits'), multiplier: rateLimitMultiplier() },
		log: (line) => process.stdout.write(`[ksef-simulator] ${line}\n`),
	});
	const { certificate } = running;
	const identities = running.simulator.options.subjects.map(({ nip, token, attachmentAllowed }) => ({ nip, token, attachmentAllowed }));
	process.stdout.write(JSON.stringify({ baseUrl: running.baseUrl, token: running.token, nip: running.nip, certificate, identities }) + '\n');
	process.stdout.write(`KSeF 2.0 simulator listening on ${running.baseUrl}\n`);
	process.stdout.write('Ready identities (Context NIP and KSeF Token for a KSeF API credential with a Custom Base URL):\n');
	for (const identity of identities) {
		process.stdout.write(`  NIP ${identity.nip}  token ${identity.token}${identity.attachmentAllowed ? '  (may send invoices with attachments)' : ''}\n`);
	}
	process.stdout.write(`Context NIP ${running.nip} can also sign in with this certificate (Authentication type):\n`);
	process.stdout.write(`${certificate.certificatePem.trim()}\n${certificate.privateKeyPem.trim()}\n`);
	process.stdout.write(`Private key password: ${certificate.password}\nPress Ctrl+C to stop.\n`);
	const shutdown = (signal: string) => {
		process.stdout.write(`${signal} received, stopping\n`);
		running.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGTERM', () => shutdown('SIGTERM'));
	process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
