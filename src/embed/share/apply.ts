// Applies simulation commands (a restored link, an embed's start-up) through
// the app store, so the editor text and the store stay in step with what the
// simulation loads.

import type { SimCommand, StructureFrame } from '../../protocol/messages';
import type { AppStore } from '../../store/app-store';

/**
 * Loads go through `actions.load` with their `seed` and `file` (a link's seed
 * rebuilds the same pods even when the text is already loaded); `sendRaw`
 * (the SimClient's send) carries commands the store has no action for.
 */
export function applyCommands(app: AppStore, cmds: readonly SimCommand[], sendRaw?: (cmd: SimCommand) => void): void {
  const a = app.actions;
  for (const cmd of cmds) {
    switch (cmd.type) {
      case 'load':
        a.load(cmd.text, { ...(cmd.file !== undefined ? { file: cmd.file } : {}), ...(cmd.seed !== undefined ? { seed: cmd.seed } : {}) });
        break;
      case 'setMode':
        a.setMode(cmd.mode);
        break;
      case 'setScheduler':
        a.setScheduler(cmd.scheduler);
        break;
      case 'selectNode':
        a.selectNode(cmd.name);
        break;
      case 'setSource':
        a.setSource(cmd.source);
        break;
      case 'setTarget':
        a.setTarget(cmd.target);
        break;
      case 'setRate':
        a.setRate(cmd.connectionsPerSecond);
        break;
      case 'setSpeed':
        a.setSpeed(cmd.speed);
        break;
      case 'play':
        a.play();
        break;
      case 'pause':
        a.pause();
        break;
      default:
        sendRaw?.(cmd);
    }
  }
}

/**
 * Resolves with the first structure frame newer than `afterVersion` (or an
 * error frame's message), or null after `timeoutMs`.
 */
export function nextStructure(app: AppStore, afterVersion: number, timeoutMs = 15_000): Promise<StructureFrame | { error: string } | null> {
  return new Promise((resolve) => {
    const done = (v: StructureFrame | { error: string } | null): void => {
      clearTimeout(timer);
      off();
      resolve(v);
    };
    const off = app.store.subscribe((s, prev) => {
      if (s.frame && s.frame !== prev.frame && s.frame.version > afterVersion) done(s.frame);
      else if (s.error && s.error !== prev.error) done({ error: s.error });
    });
    const timer = setTimeout(() => done(null), timeoutMs);
  });
}
