/**
 * A FIFO with O(1) push and shift. `Array.prototype.shift` moves every element, which made
 * pairing tens of thousands of waiting reports quadratic (seen in the VM at 1 kHz: the JS thread
 * fell 14 s behind and the kernel's hidraw queue overflowed).
 */
export class Fifo<T> {
	#items: (T | undefined)[] = [];
	#head = 0;

	get length(): number {
		return this.#items.length - this.#head;
	}

	push(x: T): void {
		this.#items.push(x);
	}

	peek(): T | undefined {
		return this.#items[this.#head];
	}

	shift(): T | undefined {
		if (this.#head >= this.#items.length) return undefined;
		const x = this.#items[this.#head];
		this.#items[this.#head] = undefined;
		this.#head += 1;
		// Compact once the dead prefix dominates, so memory follows the live length.
		if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
			this.#items = this.#items.slice(this.#head);
			this.#head = 0;
		}
		return x;
	}

	/** The i-th waiting item (0 = head), or undefined. */
	at(i: number): T | undefined {
		return i >= 0 && i < this.length ? this.#items[this.#head + i] : undefined;
	}
}
