// Stopping the child processes the scripts and tests start.

/** Asks a child to stop (SIGTERM), kills it if it has not after `graceMs`, and waits for its exit. */
export async function stopProcess(child, graceMs) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
