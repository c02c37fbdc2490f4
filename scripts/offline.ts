import net from 'node:net';

/**
 * Imported first by the benchmarks: a connection to anything but this machine throws, so no figure
 * can come from a call that left it. The bots here answer every API call themselves.
 */
const local = new Set(['127.0.0.1', '::1', 'localhost']);
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  // net.connect passes its arguments on as one array; a socket path (a string) is local.
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  const host =
    typeof first === 'object' && first !== null
      ? 'path' in first
        ? 'localhost'
        : ((first as net.TcpNetConnectOpts).host ?? 'localhost')
      : typeof first === 'number' && typeof args[1] === 'string'
        ? args[1]
        : 'localhost';
  if (!local.has(host)) throw new Error(`the benchmark tried to reach ${host}; only this machine is allowed`);
  return connect.apply(this, args as Parameters<typeof connect>);
} as typeof connect;
