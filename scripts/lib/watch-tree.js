// Watches folders and everything below them for changed, added, removed or renamed files. One
// non-recursive fs.watch per folder: a folder's watch sees its entries, however an editor saves
// (written in place, or a new file renamed over the old one, which a per-file watch loses), and a
// folder created later is watched as soon as it appears.
import fs from 'node:fs';
import path from 'node:path';

const IGNORED = /(^|\/)\.|~$|\.sw[px]$|^\d+$/; // hidden files, editors' backups and swap files

/** Calls `onChange(file)` for each change below `roots`; `close()` stops watching. */
export function watchTree(roots, onChange) {
  const watchers = new Map();
  const watchFolder = (dir) => {
    if (watchers.has(dir)) return;
    let watcher;
    try {
      watcher = fs.watch(dir, (event, name) => {
        if (!name || IGNORED.test(name)) return;
        const file = path.join(dir, name);
        if (fs.existsSync(file) && fs.statSync(file).isDirectory()) addTree(file);
        else onChange(file);
      });
    } catch {
      return; // gone already
    }
    watcher.on('error', () => {
      watcher.close();
      watchers.delete(dir);
    });
    watchers.set(dir, watcher);
  };
  const addTree = (dir) => {
    watchFolder(dir);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !IGNORED.test(entry.name)) addTree(path.join(dir, entry.name));
    }
  };
  for (const root of roots) addTree(root);
  return {
    close() {
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
