// Run inside a private network namespace by the mDNS test: a loopback eSCL peer announces itself as
// `_uscan._tcp` with bonjour-service, and EsclSource must find it. Prints the devices found as JSON.
import { Bonjour } from 'bonjour-service';
import { EsclPeer } from '../../main/capture/escl/escl-peer';
import { EsclSource } from '../../main/capture/escl/escl-source';

const peer = await EsclPeer.start({ makeAndModel: 'Máy quét mDNS thử' });
const bonjour = new Bonjour();
// The peer listens on 127.0.0.1 only: announce a host name that resolves there in any namespace.
bonjour.publish({ name: 'May quet tang 2', type: 'uscan', host: 'localhost', port: peer.portNumber, txt: { rs: 'eSCL', ty: 'Máy quét mDNS thử', vers: '2.63' } });
const source = new EsclSource({ browseMs: 2000 });
const devices = await source.listDevices();
const caps = devices[0] ? await source.capabilities(devices[0].id).catch((e: Error) => e.message) : null;
process.stdout.write(`${JSON.stringify({ devices, caps, peerUrl: peer.url })}\n`);
bonjour.destroy();
await peer.close();
