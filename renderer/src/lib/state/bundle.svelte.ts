/**
 * The bundle on screen: what the user opened and what verifying it said.
 */
import type { BundleView, Failure, Reply } from '../../../../app/common/ipc/contract.js';
import { api } from '../api.js';

export type BundleStatus =
	| { readonly kind: 'empty' }
	| { readonly kind: 'opening'; readonly name: string }
	| { readonly kind: 'open'; readonly bundle: BundleView }
	| { readonly kind: 'failed'; readonly name: string; readonly failure: Failure };

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

export class BundleState {
	/** Raw: a verified bundle is replaced as a whole, never edited. */
	status = $state.raw<BundleStatus>({ kind: 'empty' });
	/** Counts opens so a slow answer for an older file cannot overwrite a newer one. */
	#generation = 0;

	openPath(path: string): Promise<void> {
		return this.#open(baseName(path), () => api().openBundle(path));
	}

	async openFile(file: File): Promise<void> {
		const bytes = new Uint8Array(await file.arrayBuffer());
		return this.#open(file.name, () => api().openBundleBytes(file.name, bytes));
	}

	async #open(name: string, call: () => Promise<Reply<BundleView>>): Promise<void> {
		const generation = ++this.#generation;
		this.status = { kind: 'opening', name };
		const reply = await call();
		if (generation !== this.#generation) return;
		this.status = reply.ok ? { kind: 'open', bundle: reply.value } : { kind: 'failed', name, failure: reply };
	}
}
