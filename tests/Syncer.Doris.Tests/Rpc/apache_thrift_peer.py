"""A peer built on Apache Thrift's own Python runtime (Debian python3-thrift), for interop tests.

    apache_thrift_peer.py client PORT TEXT   call getMasterToken(user=TEXT) on our server and print the reply
    apache_thrift_peer.py server             serve getMasterToken on a free port; print "port N" once listening

The structs mirror Doris's TGetMasterTokenRequest/Result (field ids from docs/thrift.md), declared here with the
runtime's thrift_spec tables rather than generated. The transport is TBufferedTransport with TBinaryProtocol, the
combination Doris FE and BE servers use.
"""
import sys

from thrift.Thrift import TType, TMessageType, TApplicationException
from thrift.protocol import TBinaryProtocol
from thrift.transport import TSocket, TTransport
from thrift.server import TServer


class Struct:
    def __init__(self, **fields):
        for spec in self.thrift_spec:
            if spec is not None:
                setattr(self, spec[2], None)
        for name, value in fields.items():
            setattr(self, name, value)

    def read(self, iprot):
        iprot.readStruct(self, self.thrift_spec)

    def write(self, oprot):
        oprot.writeStruct(self, self.thrift_spec)


def spec(*fields):
    table = [None] * (max(f[0] for f in fields) + 1)
    for f in fields:
        table[f[0]] = f
    return tuple(table)


class TStatus(Struct):
    thrift_spec = spec((1, TType.I32, 'status_code', None, None),
                       (2, TType.LIST, 'error_msgs', (TType.STRING, 'UTF8', False), None))


class TNetworkAddress(Struct):
    thrift_spec = spec((1, TType.STRING, 'hostname', 'UTF8', None),
                       (2, TType.I32, 'port', None, None))


class TGetMasterTokenRequest(Struct):
    thrift_spec = spec((1, TType.STRING, 'cluster', 'UTF8', None),
                       (2, TType.STRING, 'user', 'UTF8', None),
                       (3, TType.STRING, 'password', 'UTF8', None))


class TGetMasterTokenResult(Struct):
    thrift_spec = spec((1, TType.STRUCT, 'status', [TStatus, None], None),
                       (2, TType.STRING, 'token', 'UTF8', None),
                       (3, TType.STRUCT, 'master_address', [TNetworkAddress, None], None))


class Args(Struct):
    thrift_spec = spec((1, TType.STRUCT, 'request', [TGetMasterTokenRequest, None], None))


class Reply(Struct):
    thrift_spec = (((0, TType.STRUCT, 'success', [TGetMasterTokenResult, None], None)),)


def run_client(port, text):
    transport = TTransport.TBufferedTransport(TSocket.TSocket('127.0.0.1', port))
    protocol = TBinaryProtocol.TBinaryProtocol(transport)
    transport.open()
    for seqid, name in ((1, 'getMasterToken'), (2, 'noSuchMethod')):
        protocol.writeMessageBegin(name, TMessageType.CALL, seqid)
        Args(request=TGetMasterTokenRequest(cluster='c', user=text, password='')).write(protocol)
        protocol.writeMessageEnd()
        transport.flush()
        rname, rtype, rseqid = protocol.readMessageBegin()
        if rtype == TMessageType.EXCEPTION:
            error = TApplicationException()
            error.read(protocol)
            protocol.readMessageEnd()
            print('exception %d %s' % (error.type, error.message))
            continue
        reply = Reply()
        reply.read(protocol)
        protocol.readMessageEnd()
        print('reply %s %d %d %s' % (rname, rseqid, reply.success.status.status_code, reply.success.token))
    transport.close()


class MasterTokenProcessor:
    def process(self, iprot, oprot):
        name, _, seqid = iprot.readMessageBegin()
        if name != 'getMasterToken':
            # Read rather than skip: the runtime's skip() decodes binary strings as UTF-8.
            Args().read(iprot)
            iprot.readMessageEnd()
            error = TApplicationException(TApplicationException.UNKNOWN_METHOD, 'Unknown function %s' % name)
            oprot.writeMessageBegin(name, TMessageType.EXCEPTION, seqid)
            error.write(oprot)
        else:
            args = Args()
            args.read(iprot)
            iprot.readMessageEnd()
            result = TGetMasterTokenResult(status=TStatus(status_code=0), token='python:' + args.request.user)
            oprot.writeMessageBegin(name, TMessageType.REPLY, seqid)
            Reply(success=result).write(oprot)
        oprot.writeMessageEnd()
        oprot.trans.flush()
        return True


def run_server():
    socket = TSocket.TServerSocket(host='127.0.0.1', port=0)
    socket.listen()
    print('port %d' % socket.handle.getsockname()[1], flush=True)
    socket.listen = lambda: None
    server = TServer.TSimpleServer(MasterTokenProcessor(), socket,
                                   TTransport.TBufferedTransportFactory(),
                                   TBinaryProtocol.TBinaryProtocolFactory())
    server.serve()


if __name__ == '__main__':
    if sys.argv[1] == 'client':
        run_client(int(sys.argv[2]), sys.argv[3])
    else:
        run_server()
