import type { IExecuteFunctions } from 'n8n-workflow';
import { describeSystemWarning, type SystemWarning } from '../../src';

/**
 * Passes KSeF's `X-System-Warning`s on to the user: once each as an execution hint on the output (they announce
 * that a request may be refused in future, so the workflow's owner should see them) and in n8n's debug log.
 */
export function systemWarningReporter(ctx: IExecuteFunctions): (warning: SystemWarning) => void {
	const seen = new Set<string>();
	return (warning) => {
		const line = describeSystemWarning(warning);
		ctx.logger.debug(line);
		const key = `${warning.code ?? ''}|${warning.message}`;
		if (seen.has(key)) return;
		seen.add(key);
		ctx.addExecutionHints({ message: line, type: 'warning', location: 'outputPane' });
	};
}
