import type { ChildProcess } from 'node:child_process';

export declare const API_ROOT: string;
export declare const REPO_ROOT: string;
export declare const MAIN_JS: string;

/** A built app running as its own process, the way `npm start` runs it. */
export interface AppProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export declare function spawnApp(env: Record<string, string>): AppProcess;
export declare function waitForOk(url: string, app: AppProcess, timeoutMs?: number): Promise<void>;
export declare function freePort(): Promise<number>;
