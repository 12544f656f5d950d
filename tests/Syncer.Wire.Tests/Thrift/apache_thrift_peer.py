"""A peer built on Apache Thrift's own Python runtime (Debian python3-thrift), for interop tests.

    apache_thrift_peer.py client PORT TEXT   call echo(TEXT) on our server and print the reply text
    apache_thrift_peer.py server             serve echo on a free port; print "port N" once listening

The structs mirror EchoRequest/EchoResult in TestStructs.cs. The transport is TBufferedTransport with
TBinaryProtocol, the combination Doris FE and BE servers use.
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


class EchoRequest(Struct):
    thrift_spec = spec((1, TType.STRING, 'text', 'UTF8', None),
                       (2, TType.STRING, 'payload', 'BINARY', None),
                       (3, TType.I32, 'delay_ms', None, None))


class EchoResult(Struct):
    thrift_spec = spec((1, TType.STRING, 'text', 'UTF8', None),
                       (2, TType.STRING, 'payload', 'BINARY', None))


class EchoArgs(Struct):
    thrift_spec = spec((1, TType.STRUCT, 'request', [EchoRequest, None], None))


class EchoReply(Struct):
    thrift_spec = (((0, TType.STRUCT, 'success', [EchoResult, None], None)),)


def run_client(port, text):
    transport = TTransport.TBufferedTransport(TSocket.TSocket('127.0.0.1', port))
    protocol = TBinaryProtocol.TBinaryProtocol(transport)
    transport.open()
    for seqid, name in ((1, 'echo'), (2, 'noSuchMethod')):
        protocol.writeMessageBegin(name, TMessageType.CALL, seqid)
        EchoArgs(request=EchoRequest(text=text, payload=b'\x00\xff')).write(protocol)
        protocol.writeMessageEnd()
        transport.flush()
        rname, rtype, rseqid = protocol.readMessageBegin()
        if rtype == TMessageType.EXCEPTION:
            error = TApplicationException()
            error.read(protocol)
            protocol.readMessageEnd()
            print('exception %d %s' % (error.type, error.message))
            continue
        reply = EchoReply()
        reply.read(protocol)
        protocol.readMessageEnd()
        print('reply %s %d %s %s' % (rname, rseqid, reply.success.text, reply.success.payload.hex()))
    transport.close()


class EchoProcessor:
    def process(self, iprot, oprot):
        name, _, seqid = iprot.readMessageBegin()
        if name != 'echo':
            # Read rather than skip: the runtime's skip() decodes binary strings as UTF-8.
            EchoArgs().read(iprot)
            iprot.readMessageEnd()
            error = TApplicationException(TApplicationException.UNKNOWN_METHOD, 'Unknown function %s' % name)
            oprot.writeMessageBegin(name, TMessageType.EXCEPTION, seqid)
            error.write(oprot)
        else:
            args = EchoArgs()
            args.read(iprot)
            iprot.readMessageEnd()
            result = EchoResult(text='python:' + args.request.text, payload=args.request.payload)
            oprot.writeMessageBegin(name, TMessageType.REPLY, seqid)
            EchoReply(success=result).write(oprot)
        oprot.writeMessageEnd()
        oprot.trans.flush()
        return True


def run_server():
    socket = TSocket.TServerSocket(host='127.0.0.1', port=0)
    socket.listen()
    print('port %d' % socket.handle.getsockname()[1], flush=True)
    socket.listen = lambda: None
    server = TServer.TSimpleServer(EchoProcessor(), socket,
                                   TTransport.TBufferedTransportFactory(),
                                   TBinaryProtocol.TBinaryProtocolFactory())
    server.serve()


if __name__ == '__main__':
    if sys.argv[1] == 'client':
        run_client(int(sys.argv[2]), sys.argv[3])
    else:
        run_server()
