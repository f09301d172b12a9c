#include "app/control/osc_control_server.h"

#include <lo/lo.h>

#include <QSocketNotifier>
#include <cmath>
#include <string>

#include "app/common/osc_address.h"

namespace ossynapse {
namespace {

// liblo reports a failed bind through a handler with no user data; the constructor runs on
// one thread at a time per server, so the words are kept per thread until it throws.
thread_local std::string t_lastError;

void keepError(int number, const char* message, const char* where) {
    t_lastError = std::string(message != nullptr ? message : "error") + " (" +
                  std::to_string(number) + (where != nullptr ? std::string(", ") + where : "") +
                  ")";
}

// The number an argument carries, if it is one.
bool numberOf(char type, const lo_arg* argument, double& value) {
    switch (type) {
        case LO_FLOAT:
            value = argument->f;
            return true;
        case LO_DOUBLE:
            value = argument->d;
            return true;
        case LO_INT32:
            value = argument->i;
            return true;
        case LO_INT64:
            value = static_cast<double>(argument->h);
            return true;
        case LO_TRUE:
            value = 1.0;
            return true;
        case LO_FALSE:
            value = 0.0;
            return true;
        default:
            return false;
    }
}

}  // namespace

OscControlServer::OscControlServer(quint16 port, ControlWrite write, QObject* parent)
    : QObject(parent), m_write(std::move(write)) {
    t_lastError.clear();
    const std::string service = std::to_string(port);
    // No port: liblo picks a free one and reports it (given "0", it reports 0).
    m_server = lo_server_new_with_proto(port == 0 ? nullptr : service.c_str(), LO_UDP, keepError);
    if (m_server == nullptr) {
        throw ControlSurfaceError("cannot listen for OSC on UDP port " + service + ": " +
                                  (t_lastError.empty() ? "liblo refused" : t_lastError));
    }
    m_port = static_cast<quint16>(lo_server_get_port(m_server));
    lo_server_add_method(m_server, nullptr, nullptr, &OscControlServer::onMessage, this);
    m_notifier =
        new QSocketNotifier(lo_server_get_socket_fd(m_server), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &OscControlServer::readPending);
}

OscControlServer::~OscControlServer() {
    delete m_notifier;
    lo_server_free(m_server);
}

void OscControlServer::readPending() {
    // Each call takes one datagram (a message or a whole bundle); a damaged one is dropped by
    // liblo and reported through keepError, never dispatched.
    while (lo_server_recv_noblock(m_server, 0) > 0) {
    }
}

int OscControlServer::onMessage(
    const char* path, const char* types, lo_arg** argv, int argc, lo_message message, void* self) {
    Q_UNUSED(message);
    static_cast<OscControlServer*>(self)->take(QString::fromUtf8(path), types, argv, argc);
    return 0;  // handled: no other method is asked
}

void OscControlServer::take(const QString& path, const char* types, lo_arg** argv, int argc) {
    const QString prefix = QString::fromLatin1(osc::kPrefix);
    if (!path.startsWith(prefix) || path.size() == prefix.size() ||
        path.indexOf(QLatin1Char('/'), prefix.size()) >= 0) {
        emit refused(path, QStringLiteral("not a control address (%1<key>)").arg(prefix));
        return;
    }
    double value = 1.0;
    if (argc > 1 || (argc == 1 && !numberOf(types[0], argv[0], value))) {
        emit refused(path, QStringLiteral("takes one number (f, d, i, h, T or F) or none, not '%1'")
                               .arg(QString::fromLatin1(types)));
        return;
    }
    if (!std::isfinite(value)) {
        emit refused(path, QStringLiteral("takes a finite number"));
        return;
    }
    const QString key = path.mid(prefix.size());
    const ControlReply reply = m_write(key, value);
    if (reply.outcome == ControlReply::Outcome::Applied) {
        emit applied(key, value);
    } else {
        emit refused(path, reply.why);
    }
}

}  // namespace ossynapse
