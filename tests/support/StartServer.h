#pragma once

// Starting a test's own server, the same way in every test: its error text in the failure, and a
// skip (not a failure) where an optional server binary is not installed.
#include <QAbstractSocket>
#include <QHostAddress>
#include <QString>
#include <QTest>

// Starts `server` (anything with `bool start(QString *error)`); fails the test with the error text.
#define START_OR_FAIL(server)                                                                                          \
    do {                                                                                                               \
        QString startError;                                                                                            \
        QVERIFY2((server).start(&startError), qPrintable(startError));                                                 \
    } while (false)

// Starts a testing::RedisServer; skips the test where redis-server is not installed.
#define START_REDIS_OR_SKIP(redis)                                                                                     \
    do {                                                                                                               \
        if (coroscope::testing::RedisServer::binary().isEmpty())                                                       \
            QSKIP("redis-server is not installed (scripts/bootstrap installs it)");                                    \
        START_OR_FAIL(redis);                                                                                          \
    } while (false)

// Connects the client `socket` to `port` on 127.0.0.1 within 5 s; fails the test with the socket's error.
#define CONNECT_OR_FAIL(socket, port)                                                                                  \
    do {                                                                                                               \
        (socket).connectToHost(QHostAddress::LocalHost, (port));                                                       \
        QVERIFY2((socket).waitForConnected(5000), qPrintable((socket).errorString()));                                 \
    } while (false)
