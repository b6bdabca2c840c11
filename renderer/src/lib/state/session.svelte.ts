/**
 * Recordings and the debug report of this session: record without the fix, record with it, see
 * what the report will contain, save it. The recordings themselves stay in main.
 */
import type {
	CapturePhase,
	Failure,
	RecordingView,
	Reply,
	ReportPreview,
	SavedReport,
} from '../../../../app/common/ipc/contract.js';
import { api } from '../api.js';

export class SessionState {
	recordings = $state.raw<Partial<Record<CapturePhase, RecordingView>>>({});
	/** The phase being recorded now. */
	recording = $state.raw<CapturePhase | undefined>(undefined);
	preview = $state.raw<ReportPreview | undefined>(undefined);
	saved = $state.raw<SavedReport | undefined>(undefined);
	busy = $state(false);
	failure = $state.raw<Failure | undefined>(undefined);
	note = $state('');
	includeKeyboardEvents = $state(false);

	async record(device: string, seconds: number, phase: CapturePhase): Promise<void> {
		if (this.recording || this.busy) return;
		this.failure = undefined;
		this.preview = undefined;
		this.saved = undefined;
		this.recording = phase;
		const reply = await api().recordDevice(device, seconds, phase);
		this.recording = undefined;
		if (reply.ok) this.recordings = { ...this.recordings, [phase]: reply.value };
		else this.failure = reply;
	}

	async stop(): Promise<void> {
		await api().stopRecording();
	}

	async showPreview(): Promise<void> {
		await this.#report(async () => {
			const reply = await api().previewReport(this.note, this.includeKeyboardEvents);
			if (reply.ok) this.preview = reply.value;
			return reply;
		});
	}

	async save(): Promise<void> {
		await this.#report(async () => {
			const reply = await api().saveReport(this.note, this.includeKeyboardEvents);
			if (reply.ok && reply.value) this.saved = reply.value;
			return reply;
		});
	}

	async #report(call: () => Promise<Reply<unknown>>): Promise<void> {
		if (this.busy || this.recording) return;
		this.busy = true;
		this.failure = undefined;
		try {
			const reply = await call();
			if (!reply.ok) this.failure = reply;
		} finally {
			this.busy = false;
		}
	}
}
