/**
 * buildReport with Node's native hashing and UTF-8 encoding: what the app and the CLI call. The pure
 * encoder works everywhere but is ~30× slower on the 100 MB an hour-long recording can reach.
 */
import { buildReport, type BuiltReport, type ReportInputs } from '../../common/report/build.js';
import type { ReportError } from '../../common/report/errors.js';
import type { Result } from '../../common/result.js';
import { sha256Hex } from '../bundle/hash.js';

export const buildDebugReport = (inputs: ReportInputs): Result<BuiltReport, ReportError> =>
	buildReport(inputs, { sha256Hex, encode: (text) => Buffer.from(text, 'utf8') });
