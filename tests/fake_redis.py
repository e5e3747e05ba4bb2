#!/usr/bin/python3
"""A scripted Redis that misbehaves on purpose, for tst_redis_hostile.

It answers the set-up commands (AUTH, SELECT, PING, SCAN, LLEN) as a real Redis would, unless the
mode says otherwise, and answers the run's commands (LMOVE, BLMOVE, LPUSH, LREM, RPUSH) as the mode
says. Listens on 127.0.0.1, an ephemeral port printed as the first line of stdout.

Usage: fake_redis.py MODE
"""
import asyncio
import sys

MODE = sys.argv[1]
RUN_COMMANDS = {b"LMOVE", b"BLMOVE", b"LPUSH", b"LREM", b"RPUSH"}


async def read_command(reader):
    """One RESP array of bulk strings (what clients send); None at EOF."""
    line = await reader.readline()
    if not line:
        return None
    if not line.startswith(b"*"):
        return [line.strip()]
    args = []
    for _ in range(int(line[1:])):
        header = await reader.readline()
        n = int(header[1:])
        data = await reader.readexactly(n + 2)
        args.append(data[:-2])
    return args


async def trickle(writer, data, per_second=1):
    """Writes one byte per 1/per_second seconds: a reply that never quite arrives."""
    for b in data:
        writer.write(bytes([b]))
        await writer.drain()
        await asyncio.sleep(1.0 / per_second)


async def normal(writer, cmd):
    name = cmd[0].upper()
    if name == b"PING":
        writer.write(b"+PONG\r\n")
    elif name == b"SCAN":
        if MODE == "setup-lmove-loop":
            writer.write(b"*2\r\n$1\r\n0\r\n*1\r\n$20\r\nq:processing:other:0\r\n")
        else:
            writer.write(b"*2\r\n$1\r\n0\r\n*0\r\n")
    elif name == b"LLEN":
        # A list that claims to be endless, and an LMOVE that always has one more.
        writer.write(b":1000000000\r\n" if MODE == "setup-lmove-loop" else b":0\r\n")
    elif name == b"LMOVE" and MODE == "setup-lmove-loop":
        writer.write(b"$4\r\nitem\r\n")
    elif name in (b"LMOVE", b"BLMOVE"):
        writer.write(b"$-1\r\n")
    elif name in (b"LPUSH", b"LREM", b"RPUSH"):
        writer.write(b":1\r\n")
    else:
        writer.write(b"+OK\r\n")


async def hostile(writer, cmd):
    """The run's commands, answered as MODE says; False when the connection should go quiet."""
    if MODE == "nested":
        writer.write(b"*1\r\n" * 100000 + b":1\r\n")
    elif MODE == "hugebulk":
        writer.write(b"$9223372036854775807\r\n")
    elif MODE == "bigbulk":
        writer.write(b"$999999999999\r\n")
    elif MODE == "bigarray":
        writer.write(b"*999999999999\r\n")
    elif MODE == "garbage":
        writer.write(b"x" * 200000)
    elif MODE == "silent":
        return False
    elif MODE == "slowbyte":
        await trickle(writer, b"$4\r\nitem\r\n")
        return False
    elif MODE == "flood":
        # A bulk as large as allowed, then a stream that never ends.
        writer.write(b"$16777216\r\n")
        chunk = b"a" * 65536
        while True:
            writer.write(chunk)
            await writer.drain()
    else:
        await normal(writer, cmd)
    return True


async def session(reader, writer):
    quiet = False
    try:
        while True:
            cmd = await read_command(reader)
            if cmd is None:
                break
            if quiet:
                continue
            name = cmd[0].upper()
            if MODE == "setup-slowbyte" and name == b"PING":
                await trickle(writer, b"+PONG\r\n")
                continue
            if name in RUN_COMMANDS and MODE != "setup-lmove-loop":
                quiet = not await hostile(writer, cmd)
            else:
                await normal(writer, cmd)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError, ValueError):
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(session, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
