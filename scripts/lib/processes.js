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

/**
 * Calls `stop(signal)` once, on the first SIGINT, SIGTERM or SIGHUP, or when the parent process
 * goes away: `npm run` dies at once on SIGTERM (a supervisor, `docker stop`) or SIGKILL without
 * waiting for its script, which would otherwise be left running with its servers.
 */
export function onStopSignal(stop, { watchParentMs = 500 } = {}) {
  let called = false;
  const once = (signal) => {
    if (called) return;
    called = true;
    clearInterval(watcher);
    stop(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => once(signal));
  const parent = process.ppid;
  const watcher = setInterval(() => {
    if (process.ppid !== parent) once('parent-exit');
  }, watchParentMs);
  watcher.unref();
}
