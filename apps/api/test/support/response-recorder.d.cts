import type { Server } from 'node:http';

export declare const LOG_DIR_ENV: string;
export declare const MAX_BODY_BYTES: number;
export declare function recordResponsesOf(server: Server, spec: string): void;
export declare function recordAllResponses(): void;
export declare function recorderEnvironment(spec?: string): Record<string, string>;
export declare function currentSpec(): string | undefined;
