/** A response as response-recorder.cjs writes it (one NDJSON line). */
export interface RecordedResponse {
  spec: string;
  source: string;
  method: string;
  url: string;
  status: number;
  contentType: string | null;
  headers: Record<string, string>;
  bytes: number;
  truncated: boolean;
  /** The JSON body as text; null for other media types and bodies over the recorder's limit. */
  body: string | null;
}

export interface Mismatch {
  operation: string;
  method: string;
  url: string;
  status: number;
  /** JSON pointer into the body ('' is the whole body); null when the problem is not in the body. */
  pointer: string | null;
  problem: string;
  spec: string;
}

export interface CheckResult {
  sources: Map<string, number>;
  checked: number;
  bodiesValidated: number;
  /** Responses whose body was over the recorder's limit (status, media type and headers still checked). */
  truncated: number;
  excluded: Map<string, number>;
  unknownRoutes: number;
  mismatches: Mismatch[];
  exercised: Set<string>;
  notExercised: string[];
  operationCount: number;
  warnings: string[];
}

export declare const EXCLUSIONS: { reason: string; test(response: RecordedResponse & { path: string }): boolean }[];
export declare function checkResponses(document: object, responses: RecordedResponse[]): CheckResult;
export declare function readRecords(dir: string): { records: RecordedResponse[]; unreadable: number };
export declare function formatReport(result: CheckResult): string;
export declare function toJsonSchema(schema: object): object;
