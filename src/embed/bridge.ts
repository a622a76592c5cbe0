// Wires the postMessage API of the embed iframe to the page's window: checks
// the sender (isTrustedSender), validates the message (parseInboundMessage),
// runs it, and replies to the sender's origin only. The window is passed in
// as a narrow interface so the wiring is unit-tested with fakes.

import {
  isTrustedSender,
  parseInboundMessage,
  readyTargetOrigins,
  replyTargetOrigin,
  type InboundMessage,
  type OutboundMessage,
} from './messages';

export interface PostTarget {
  postMessage(message: OutboundMessage, targetOrigin: string): void;
}

export interface BridgeWindow {
  parent: PostTarget;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
}

export interface MessageBridgeOptions {
  win: BridgeWindow;
  allowedOrigins: readonly string[];
  /** runs one validated command; may answer (stats) or throw (reported as svcviz:error) */
  handle(message: InboundMessage): Promise<OutboundMessage | void> | OutboundMessage | void;
  /** for svcviz:ready before anyone wrote to us */
  ancestorOrigin?: string;
  referrer?: string;
}

export interface MessageBridge {
  /** tells the parent the embed is ready for commands */
  announceReady(): void;
  /** reports an error that happened outside a command (e.g. ?src= failed) */
  reportError(message: string): void;
  destroy(): void;
}

export function createMessageBridge(o: MessageBridgeOptions): MessageBridge {
  const { win } = o;
  const self = win as unknown;
  /** origins that drove us; unsolicited messages (errors) go there too */
  const known = new Set(readyTargetOrigins(o.allowedOrigins, o.ancestorOrigin, o.referrer ?? ''));

  const postToParent = (msg: OutboundMessage, origin: string): void => {
    try {
      win.parent.postMessage(msg, origin);
    } catch {
      // a parent that navigated away; nothing to tell
    }
  };

  const listener = (e: MessageEvent): void => {
    if (!isTrustedSender<unknown>({ source: e.source, origin: e.origin, parent: win.parent, self, allowedOrigins: o.allowedOrigins })) return;
    const parsed = parseInboundMessage(e.data);
    if (parsed.kind === 'foreign') return;
    const target = replyTargetOrigin(e.origin);
    const reply = (msg: OutboundMessage): void => {
      if (target) postToParent(msg, target);
    };
    if (target) known.add(target);
    if (parsed.kind === 'invalid') {
      reply({ type: 'svcviz:error', message: parsed.error });
      return;
    }
    Promise.resolve()
      .then(() => o.handle(parsed.message))
      .then(
        (out) => {
          if (out) reply(out);
        },
        (err: unknown) => reply({ type: 'svcviz:error', message: err instanceof Error ? err.message : String(err) }),
      );
  };

  win.addEventListener('message', listener);
  return {
    announceReady() {
      for (const origin of known) postToParent({ type: 'svcviz:ready' }, origin);
    },
    reportError(message) {
      for (const origin of known) postToParent({ type: 'svcviz:error', message }, origin);
    },
    destroy() {
      win.removeEventListener('message', listener);
    },
  };
}
