#pragma once

#include <QObject>
#include <QSocketNotifier>
#include <memory>

namespace ossynapse::cli {

// SIGINT and SIGTERM as a Qt signal on the event loop (the self-pipe pattern: the handler only
// writes a byte; everything else runs in the loop), so a verb can darken its targets before it
// exits. A second signal of the same kind ends the process at once (SA_RESETHAND).
class ExitSignals : public QObject {
    Q_OBJECT
  public:
    explicit ExitSignals(QObject* parent = nullptr);
    ~ExitSignals() override;  // restores the default handlers

  signals:
    void received(int signal);

  private:
    std::unique_ptr<QSocketNotifier> m_notifier;
};

}  // namespace ossynapse::cli
