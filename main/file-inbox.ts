/**
 * Bundle files the OS asks us to open, until the page can show them.
 *
 * The first start's files arrive before the window exists, and a second instance may fire while the
 * page is still loading; both are queued and collected with `takePending()` once the page is ready.
 * After that, each new file is pushed to the page as an event. The page subscribes first and then
 * takes the queue, so the live channel is armed only by `takePending()`: a path can never fall into
 * the gap between page load and the page's listener. Every path is also offered to the
 * {@link OfferedPaths} policy: these are the only paths the renderer may then ask main to open.
 */

export class FileInbox {
	readonly #offered: { offer(path: string): void };
	#pending: string[] = [];
	#send: ((path: string) => void) | undefined;
	#armed = false;

	constructor(offered: { offer(path: string): void }) {
		this.#offered = offered;
	}

	receive(paths: readonly string[]): void {
		for (const path of paths) {
			this.#offered.offer(path);
			if (this.#send && this.#armed) this.#send(path);
			else this.#pending.push(path);
		}
	}

	/** The queued paths; from now on new paths go straight to the connected page. */
	takePending(): string[] {
		this.#armed = this.#send !== undefined;
		const out = this.#pending;
		this.#pending = [];
		return out;
	}

	/**
	 * Sets (or, with undefined, clears: window closed) where live paths go. Also called when the page
	 * starts loading again, which disarms the channel until the new page takes the queue.
	 */
	connect(send: ((path: string) => void) | undefined): void {
		this.#send = send;
		this.#armed = false;
	}
}
