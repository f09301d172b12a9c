#pragma once

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QString>
#include <functional>

namespace ossynapse {

// One studio control: a typed value addressed by a key ("master_brightness", "blackout",
// "preset_3"), with its range and a change signal. What it shows is always the applied state:
// it reads its value back from its owner after every write and on every change made elsewhere,
// so a slider follows a preset and snaps back from a value the engine refused. A MIDI or OSC
// mapping addresses controls by the same keys.
class Control : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("controls come from StudioEngine.controls")
    Q_PROPERTY(QString key READ key CONSTANT)
    Q_PROPERTY(Kind kind READ kind CONSTANT)
    Q_PROPERTY(double minimum READ minimum CONSTANT)
    Q_PROPERTY(double maximum READ maximum CONSTANT)
    Q_PROPERTY(double value READ value WRITE setValue NOTIFY valueChanged)
    // A trigger that has something to do (a preset that is stored); always true for the others.
    Q_PROPERTY(bool available READ available NOTIFY availableChanged)

  public:
    enum class Kind {
        Number,  // a value in [minimum, maximum]
        Toggle,  // 0 or 1
        Trigger  // reads 0; writing 1 fires it (recall a preset)
    };
    Q_ENUM(Kind)

    // How a control reaches its owner: read the applied value, ask for a new one (false: refused),
    // and, for a trigger, whether it has something to do.
    struct Access {
        std::function<double()> read;
        std::function<bool(double)> write;
        std::function<bool()> available;
    };

    Control(QString key, Kind kind, double minimum, double maximum, Access access, QObject* parent);

    QString key() const { return m_key; }
    Kind kind() const { return m_kind; }
    double minimum() const { return m_minimum; }
    double maximum() const { return m_maximum; }
    double value() const { return m_value; }
    bool available() const { return m_available; }

    // Values outside the range are clamped; a toggle takes >= 0.5 as on. Returns false when the
    // owner refused it; valueChanged is emitted then too, so a control that moved snaps back.
    Q_INVOKABLE bool setValue(double requested);
    // Reads the owner's state again: call when it changed elsewhere.
    void refresh();

  signals:
    void valueChanged();
    void availableChanged();

  private:
    QString m_key;
    Kind m_kind;
    double m_minimum;
    double m_maximum;
    Access m_access;
    double m_value = 0.0;
    bool m_available = true;
};

}  // namespace ossynapse
