/** True when a process holds this id (EPERM: one of another user, e.g. PostgreSQL run as `postgres`). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
