import { describe, expect, it } from 'vitest';
import { formatSshTimeUtc, parseSshTime } from './ssh-time.js';

describe('allowed_signers timestamps', () => {
	it('reads the UTC forms', () => {
		const secs = (t: string) => parseSshTime(t)?.epochSeconds;
		expect([secs('20240101Z'), secs('202401011230Z'), secs('20240101123045z'), secs('20240229Z')]).toEqual([
			Date.UTC(2024, 0, 1) / 1000,
			Date.UTC(2024, 0, 1, 12, 30) / 1000,
			Date.UTC(2024, 0, 1, 12, 30, 45) / 1000,
			Date.UTC(2024, 1, 29) / 1000,
		]);
	});

	it('reads forms without Z in local time, as ssh-keygen does', () => {
		expect(parseSshTime('20240101123045')?.epochSeconds).toBe(
			new Date(2024, 0, 1, 12, 30, 45).getTime() / 1000,
		);
	});

	it('refuses other shapes and impossible dates', () => {
		const bad = [
			'2024010',
			'2024010112',
			'20240101123',
			'20230229',
			'20241301',
			'20240132',
			'20240101246000',
			'x20240101',
			'20240101ZZ',
			'',
		];
		expect(bad.map(parseSshTime)).toEqual(bad.map(() => undefined));
	});

	it('formats an instant as UTC with Z', () => {
		expect(formatSshTimeUtc(new Date(Date.UTC(2031, 5, 7, 8, 9, 10)))).toEqual({
			text: '20310607080910Z',
			epochSeconds: Date.UTC(2031, 5, 7, 8, 9, 10) / 1000,
		});
	});
});
