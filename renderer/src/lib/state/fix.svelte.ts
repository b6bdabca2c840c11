/**
 * Test → (Keep | Revert): what the privileged helper did to the device, as the window shows it.
 * One action at a time; each answer replaces the status as a whole. The helper's log lines are kept
 * for the details view and the debug report.
 */
import type {
	ChangedFix,
	Failure,
	InstalledFixView,
	Reply,
	TestedFix,
} from '../../../../app/common/ipc/contract.js';
import { api } from '../api.js';

export type FixAction = 'test' | 'keep' | 'revert';

export type FixStatus =
	| { readonly kind: 'idle' }
	| { readonly kind: 'busy'; readonly action: FixAction; readonly fix?: TestedFix }
	/** Attached for a test: installed under /run, a reboot forgets it. */
	| { readonly kind: 'testing'; readonly fix: TestedFix }
	| { readonly kind: 'kept'; readonly fix: TestedFix }
	| { readonly kind: 'reverted'; readonly fixId: string };

export class FixState {
	status = $state.raw<FixStatus>({ kind: 'idle' });
	/** The last action's failure; cleared when the next one starts. */
	failure = $state.raw<{ readonly action: FixAction; readonly failure: Failure } | undefined>(undefined);
	log = $state.raw<readonly string[]>([]);
	/** The device the user picked among those the fix targets (undefined: the first one). */
	chosen = $state<string | undefined>(undefined);
	/** What the helper has installed on this computer (read at start and after every action). */
	installed = $state.raw<readonly InstalledFixView[]>([]);

	async loadInstalled(): Promise<void> {
		const reply = await api().installedFixes();
		if (reply.ok) this.installed = reply.value;
	}

	/** A fix installed before this window opened (or by the CLI): shown as under test or kept. */
	adopt(i: InstalledFixView): void {
		if (this.status.kind === 'busy') return;
		const fix: TestedFix = {
			fixId: i.fixId,
			version: i.version,
			title: i.title,
			device: i.device,
			objects: i.objects,
			log: [],
		};
		this.status = { kind: i.state === 'kept' ? 'kept' : 'testing', fix };
	}

	async test(bundleSha256: string, device: string): Promise<void> {
		const reply = await this.#run('test', undefined, () => api().testFix(bundleSha256, device));
		if (reply) this.status = { kind: 'testing', fix: reply };
	}

	async keep(): Promise<void> {
		const s = this.status;
		if (s.kind !== 'testing') return;
		const reply = await this.#run('keep', s.fix, () => api().keepFix(s.fix.fixId));
		if (reply) this.status = { kind: 'kept', fix: s.fix };
	}

	async revert(): Promise<void> {
		const s = this.status;
		if (s.kind !== 'testing' && s.kind !== 'kept') return;
		const reply = await this.#run('revert', s.fix, () => api().revertFix(s.fix.fixId));
		if (reply) this.status = { kind: 'reverted', fixId: s.fix.fixId };
	}

	/** Back to the start, e.g. when another bundle is opened. */
	reset(): void {
		if (this.status.kind === 'busy') return;
		this.status = { kind: 'idle' };
		this.failure = undefined;
	}

	async #run<T extends TestedFix | ChangedFix>(
		action: FixAction,
		fix: TestedFix | undefined,
		call: () => Promise<Reply<T>>,
	): Promise<T | undefined> {
		if (this.status.kind === 'busy') return undefined;
		const before = this.status;
		this.failure = undefined;
		this.status = fix ? { kind: 'busy', action, fix } : { kind: 'busy', action };
		const reply = await call();
		if (!reply.ok) {
			// Nothing changed on a failure (the helper rolls back): the previous state stands.
			this.status = before;
			this.failure = { action, failure: reply };
			return undefined;
		}
		this.log = [...this.log, ...reply.value.log];
		// Before the new status is shown: the list must already say what changed (FixActions adopts from it).
		await this.loadInstalled();
		return reply.value;
	}
}
