#pragma once

#include <lo/lo_types.h>

#include <QObject>
#include <QString>
#include <functional>
#include <stdexcept>

class QSocketNotifier;

namespace ossynapse {

// A control surface could not start (the UDP port is taken or not a port): the words say why.
class ControlSurfaceError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// What the owner of the controls answered a surface that asked for `key` = value.
struct ControlReply {
    enum class Outcome { Applied, Refused, Unknown } outcome = Outcome::Applied;
    QString why;  // for Refused and Unknown, in words
};
using ControlWrite = std::function<ControlReply(const QString& key, double value)>;

// Every control key as an OSC address (OSC 1.0 over UDP, decoded by liblo; the address space in
// app/common/osc_address.h): "/ossynapse/<key>" with one number (f, d, i or h; T and F read as
// 1 and 0), or no argument for a trigger or to switch a toggle on ("/ossynapse/preset_3").
// The messages of a bundle are taken one by one, in order, when it arrives (time tags are not
// waited for: a surface in a show sends "now"). Anything else is refused in words: another
// address, a string or blob argument, more than one argument, a key the owner does not have.
// It listens on every interface (the performer's tablet is on the stage network) and reads on
// the thread that made it, through that thread's event loop.
class OscControlServer : public QObject {
    Q_OBJECT
  public:
    // `port` 0 takes a free one; port() says which. Throws ControlSurfaceError.
    OscControlServer(quint16 port, ControlWrite write, QObject* parent = nullptr);
    ~OscControlServer() override;

    quint16 port() const { return m_port; }

  signals:
    void applied(const QString& key, double value);
    // `address` as it arrived; `why` says what was wrong and, for a key, which keys exist.
    void refused(const QString& address, const QString& why);

  private:
    static int onMessage(const char* path,
                         const char* types,
                         lo_arg** argv,
                         int argc,
                         lo_message message,
                         void* self);
    void take(const QString& path, const char* types, lo_arg** argv, int argc);
    void readPending();

    lo_server m_server = nullptr;
    quint16 m_port = 0;
    ControlWrite m_write;
    QSocketNotifier* m_notifier = nullptr;
};

}  // namespace ossynapse
