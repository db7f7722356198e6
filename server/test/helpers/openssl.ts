import { execFile } from 'node:child_process';

export interface OpensslResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the machine's `openssl` (the independent verifier of our proofs) and never throws on its exit code. */
export function openssl(args: readonly string[], cwd?: string): Promise<OpensslResult> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { cwd, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(error);
        return;
      }
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}
