/** Child processes for the n8n scripts: output collected, failures reported with the output's tail. */
import { spawn } from 'node:child_process';

export interface RunResult {
	code: number;
	stdout: string;
	stderr: string;
}

export interface RunOptions {
	env?: NodeJS.ProcessEnv;
	cwd?: string;
	/** Resolve with the exit code instead of rejecting when the command fails. */
	allowFailure?: boolean;
	input?: string;
}

export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		// A child that exits before reading its input (tar on a small archive, under load) closes the pipe first;
		// the EPIPE that follows is not a failure of the command, whose exit code is what counts.
		child.stdin.on('error', () => undefined);
		child.stdin.end(options.input ?? '');
		child.on('error', reject);
		child.on('close', (code, signal) => {
			const result = { code: code ?? 1, stdout, stderr };
			if (result.code !== 0 && !options.allowFailure) {
				const how = signal ? `killed by ${signal}` : `exit ${result.code}`;
				reject(new Error(`${command} ${args.join(' ')} failed (${how}):\n${(stderr || stdout).slice(-3000)}`));
			} else resolvePromise(result);
		});
	});
}

/** Prints "still <what>…" every interval while a long step runs, so a 3-minute npm install does not look hung. */
export async function withHeartbeat<T>(what: string, log: (line: string) => void, work: () => Promise<T>, intervalMs = 30_000): Promise<T> {
	const started = Date.now();
	const timer = setInterval(() => log(`  … still ${what} (${seconds(started)} s)`), intervalMs);
	try {
		return await work();
	} finally {
		clearInterval(timer);
	}
}

export function seconds(since: number): string {
	return ((Date.now() - since) / 1000).toFixed(1);
}
