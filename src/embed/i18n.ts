// Words of the share / embed / export tools in the app's two languages. The
// app's own tables (src/i18n) belong to the UI; these few stay with the code
// that shows them. Kubernetes and file-format words (Manifest, SVG, PNG,
// Mermaid, origin) stay verbatim.

import { useStore } from 'zustand';
import type { AppStore, Lang } from '../store/app-store';

const en = {
  share: 'Share',
  copyLink: 'Copy link',
  linkCopied: 'Link copied',
  copyFailedAddressBar: 'Copy failed: the link is in the address bar',
  tooLargeForLink: 'Too large for a link ({size} > {limit} characters compressed). Host the manifest and share ?src=<its URL> instead.',
  embedExport: 'Embed / export',
  embedAndExport: 'Embed and export',
  manifest: 'Manifest',
  insideLink: 'inside the link',
  atUrl: 'at URL',
  manifestUrl: 'Manifest URL',
  mode: 'Mode',
  current: 'current',
  controls: 'Controls',
  autoplay: 'autoplay',
  theme: 'Theme',
  height: 'Height',
  onlyOrigin: 'Only this page may control it (origin)',
  snippet: '{label} snippet',
  copySnippet: 'Copy {label}',
  snippetCopied: '{label} copied',
  copyFailedSelect: 'Copy failed: select the text and copy it',
  snippetTooLarge: 'The manifest is too large to travel inside the link ({size} > {limit} characters); host it and use "at URL".',
  export: 'Export',
  close: 'Close',
  exportSvg: 'Export SVG',
  exportPng: 'Export PNG',
  exportRules: 'Export rules',
  exportMermaid: 'Export Mermaid',
  copyMermaid: 'Copy Mermaid',
  done: '{what}: done',
  failed: '{what} failed: {reason}',
  noScene: 'no scene to export',
  selectNodeFirst: 'select a node first',
  noCluster: 'no cluster yet',
  clipboardRefused: 'the browser refused the clipboard',
  openInApp: 'Open in svcviz ↗',
};

export type EmbedMessageKey = keyof typeof en;

const vi: Record<EmbedMessageKey, string> = {
  share: 'Chia sẻ',
  copyLink: 'Sao chép liên kết',
  linkCopied: 'Đã sao chép liên kết',
  copyFailedAddressBar: 'Không sao chép được: liên kết đang ở thanh địa chỉ',
  tooLargeForLink: 'Quá lớn cho một liên kết ({size} > {limit} ký tự sau khi nén). Hãy đặt manifest lên máy chủ và chia sẻ ?src=<URL của nó>.',
  embedExport: 'Nhúng / xuất',
  embedAndExport: 'Nhúng và xuất',
  manifest: 'Manifest',
  insideLink: 'nằm trong liên kết',
  atUrl: 'tại URL',
  manifestUrl: 'URL của manifest',
  mode: 'Chế độ',
  current: 'hiện tại',
  controls: 'Điều khiển',
  autoplay: 'tự chạy',
  theme: 'Giao diện',
  height: 'Chiều cao',
  onlyOrigin: 'Chỉ trang này được điều khiển (origin)',
  snippet: 'Đoạn mã {label}',
  copySnippet: 'Sao chép {label}',
  snippetCopied: 'Đã sao chép {label}',
  copyFailedSelect: 'Không sao chép được: hãy chọn văn bản rồi sao chép',
  snippetTooLarge: 'Manifest quá lớn để nằm trong liên kết ({size} > {limit} ký tự); hãy đặt nó lên máy chủ và chọn "tại URL".',
  export: 'Xuất',
  close: 'Đóng',
  exportSvg: 'Xuất SVG',
  exportPng: 'Xuất PNG',
  exportRules: 'Xuất quy tắc',
  exportMermaid: 'Xuất Mermaid',
  copyMermaid: 'Sao chép Mermaid',
  done: '{what}: xong',
  failed: '{what} thất bại: {reason}',
  noScene: 'không có hình để xuất',
  selectNodeFirst: 'hãy chọn một node trước',
  noCluster: 'chưa có cluster',
  clipboardRefused: 'trình duyệt từ chối clipboard',
  openInApp: 'Mở trong svcviz ↗',
};

const tables: Record<Lang, Record<EmbedMessageKey, string>> = { en, vi };

export type EmbedT = (key: EmbedMessageKey, vars?: Record<string, string | number>) => string;

export function translateEmbed(lang: Lang, key: EmbedMessageKey, vars?: Record<string, string | number>): string {
  const s = tables[lang]?.[key] ?? en[key];
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}

/** `t(key)` in the store's current language. */
export function useEmbedT(app: AppStore): EmbedT {
  const lang = useStore(app.store, (s) => s.lang);
  return (key, vars) => translateEmbed(lang, key, vars);
}
