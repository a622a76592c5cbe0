// What kube-proxy writes on re-syncs: upstream TestSyncProxyRulesRepeated's
// partial sync after adding a service, and stale-chain deletion (-X).
import { describe, expect, it } from 'vitest';
import { programIptables } from './program';
import { formatRestorePayload } from './restore';
import { formatIptables } from './format';
import { fakeProxierOptions, slice, svc, upstreamCluster } from './fixtures/upstream';

const svc1 = svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] });
const svc2 = svc('ns2', 'svc2', { clusterIP: '172.30.0.42', ports: [{ name: 'p8080', port: 8080, protocol: 'TCP' }] });
const svc3 = svc('ns3', 'svc3', { clusterIP: '172.30.0.43', ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] });
const eps1 = slice('ns1', 'svc1', [{ addresses: ['10.0.1.1'] }]);
const eps2 = slice('ns2', 'svc2', [{ addresses: ['10.0.2.1'] }], 'p8080', 8080);
const eps3 = slice('ns3', 'svc3', [{ addresses: ['10.0.3.1'] }]);

const filter = `*filter
:KUBE-NODEPORTS - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FIREWALL - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
`;
const natTail = `-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
`;

describe('formatRestorePayload', () => {
  const first = programIptables(upstreamCluster([svc1, svc2], [eps1, eps2]), fakeProxierOptions);

  it('a full sync without previous state equals the plain payload', () => {
    expect(formatRestorePayload(first)).toBe(formatIptables(first));
  });

  it('partial sync after adding a service writes only its chains (TestSyncProxyRulesRepeated)', () => {
    const second = programIptables(upstreamCluster([svc1, svc2, svc3], [eps1, eps2, eps3]), fakeProxierOptions, first);
    expect(formatRestorePayload(second, first, { partial: true })).toBe(
      filter +
        `*nat
:KUBE-NODEPORTS - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SEP-BSWRHOQ77KEXZLNL - [0:0]
:KUBE-SVC-X27LE4BHSL4DOUIK - [0:0]
-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
-A KUBE-SERVICES -m comment --comment "ns2/svc2:p8080 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 8080 -j KUBE-SVC-2VJB64SDSIJUP5T6
-A KUBE-SERVICES -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 -j KUBE-SVC-X27LE4BHSL4DOUIK
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
` +
        natTail +
        `-A KUBE-SEP-BSWRHOQ77KEXZLNL -m comment --comment ns3/svc3:p80 -s 10.0.3.1 -j KUBE-MARK-MASQ
-A KUBE-SEP-BSWRHOQ77KEXZLNL -m comment --comment ns3/svc3:p80 -m tcp -p tcp -j DNAT --to-destination 10.0.3.1:80
-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 -> 10.0.3.1:80" -j KUBE-SEP-BSWRHOQ77KEXZLNL
COMMIT
`,
    );
  });

  it('a sync after deleting a service flushes and deletes its chains', () => {
    const second = programIptables(upstreamCluster([svc1], [eps1, eps2]), fakeProxierOptions, first);
    const text = formatRestorePayload(second, first, { partial: true });
    expect(text).toContain(':KUBE-SVC-2VJB64SDSIJUP5T6 - [0:0]\n');
    expect(text).toContain(':KUBE-SEP-UHEGFW77JX3KXTOV - [0:0]\n');
    expect(text.endsWith('-X KUBE-SEP-UHEGFW77JX3KXTOV\n-X KUBE-SVC-2VJB64SDSIJUP5T6\nCOMMIT\n')).toBe(true);
    expect(text).not.toContain('-A KUBE-SVC-XPGD46QRK7WJZT7O');
    expect(formatRestorePayload(second, first)).toContain('-A KUBE-SVC-XPGD46QRK7WJZT7O');
  });
});
