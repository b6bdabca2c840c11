/**
 * `detach`: the Revert button's privileged half. hidfix-loader unpins the object's links, which
 * detaches the programs; a descriptor fix's removal re-probes the device so the original descriptor
 * is back. Only objects under the device's own bpffs directory can be named (request.ts).
 */
import { err, ok, type Result } from '../common/result.js';
import { helperError, type HelperError } from './errors.js';
import type { RunLoader } from './loader-run.js';

export interface DetachResult {
	readonly device: string;
	readonly object: string;
}

export async function detach(
	sysname: string,
	object: string,
	deps: { readonly loader: RunLoader; readonly log: (line: string) => void },
): Promise<Result<DetachResult, HelperError>> {
	const started = Date.now();
	const r = await deps.loader(['detach', sysname, object]);
	if (r.status !== 0 || r.json?.ok !== true) {
		const message =
			typeof r.json?.message === 'string' ? r.json.message : `hidfix-loader exited with ${r.status}`;
		return err(
			helperError('loader-failed', `${object} could not be removed from ${sysname}: ${message}`, {
				loader: r.json ?? { status: r.status, stderr: r.stderr },
			}),
		);
	}
	deps.log(`detached ${object} from ${sysname} in ${Date.now() - started} ms`);
	return ok({ device: sysname, object });
}
