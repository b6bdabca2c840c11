/**
 * Typed errors of the HID core. Each carries a closed code, a message a maintainer can act on, and
 * where it happened (descriptor byte offset, or recording line number).
 */

export type DescriptorErrorCode =
	| 'empty'
	| 'long-item'
	| 'truncated-item'
	| 'unbalanced-collection'
	| 'end-collection-underflow'
	| 'push-overflow'
	| 'pop-without-push'
	| 'unbalanced-delimiter'
	| 'invalid-report-id'
	| 'invalid-report-size'
	| 'invalid-report-count'
	| 'report-too-long'
	| 'invalid-logical-range'
	| 'unknown-global-item';

export interface DescriptorError {
	readonly code: DescriptorErrorCode;
	readonly message: string;
	/** Byte offset of the offending item (descriptor length for end-of-descriptor errors). */
	readonly offset: number;
}

export type RecordingErrorCode =
	| 'bad-line'
	| 'bad-length'
	| 'bad-hex'
	| 'bad-timestamp'
	| 'bad-device-info'
	| 'bad-device-index'
	| 'event-before-descriptor';

export interface RecordingError {
	readonly code: RecordingErrorCode;
	readonly message: string;
	/** 1-based line number. */
	readonly line: number;
}
