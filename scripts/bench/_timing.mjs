// Shared timing helpers for bench sections: median of repeated runs after a warm-up.
export function median(values) {
	const s = [...values].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall time of `fn` in milliseconds over `runs` runs, after `warmup` unmeasured ones. */
export function timeMs(fn, { runs = 15, warmup = 3 } = {}) {
	for (let i = 0; i < warmup; i++) fn();
	const samples = [];
	for (let i = 0; i < runs; i++) {
		const t0 = process.hrtime.bigint();
		fn();
		samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
	}
	return median(samples);
}

export const fmtMs = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);

/**
 * Medians of `a` and `b` measured alternately, so a load change on a shared machine hits both
 * sides alike instead of skewing their ratio.
 */
export function timePairMs(a, b, { runs = 15, warmup = 3 } = {}) {
	for (let i = 0; i < warmup; i++) {
		a();
		b();
	}
	const sa = [];
	const sb = [];
	for (let i = 0; i < runs; i++) {
		for (const [fn, out] of i % 2
			? [
					[a, sa],
					[b, sb],
				]
			: [
					[b, sb],
					[a, sa],
				]) {
			const t0 = process.hrtime.bigint();
			fn();
			out.push(Number(process.hrtime.bigint() - t0) / 1e6);
		}
	}
	return [median(sa), median(sb)];
}
