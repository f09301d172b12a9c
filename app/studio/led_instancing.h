#pragma once

#include <QtQml/qqmlregistration.h>
#include <QPointer>
#include <QQuick3DInstancing>

#include "app/studio/studio_engine.h"

namespace ossynapse {

// All LEDs of the rig as one instanced draw: positions from the rig, colours from the
// engine's latest frame. In the two-wire view every LED shows its wire instead: lobes that
// follow reasoning show wire A in red, the rest wire B in white, as the seed's skull is wired.
class LedInstancing : public QQuick3DInstancing {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ossynapse::StudioEngine* engine READ engine WRITE setEngine NOTIFY engineChanged)
    Q_PROPERTY(bool wireView READ wireView WRITE setWireView NOTIFY wireViewChanged)
    Q_PROPERTY(float ledScale READ ledScale WRITE setLedScale NOTIFY ledScaleChanged)
    // An unlit LED is drawn in its lobe's colour at this fraction, not as a black dot.
    Q_PROPERTY(float floor READ floor WRITE setFloor NOTIFY floorChanged)
    // LEDs drawn black are left out of the instances: for the additive halo, where black adds
    // nothing, and at 2,000 LEDs the software renderer's time goes to filling halos.
    Q_PROPERTY(bool skipDark READ skipDark WRITE setSkipDark NOTIFY skipDarkChanged)
    // > 0: the radius is at most this many times the rig's typical LED spacing (the median
    // distance from an LED to its nearest neighbour), so halos of a dense rig stay the size of
    // the gaps between its LEDs instead of piling up tens deep.
    Q_PROPERTY(
        float spacingScale READ spacingScale WRITE setSpacingScale NOTIFY spacingScaleChanged)
    // The radius drawn: ledScale, or less by spacingScale.
    Q_PROPERTY(float drawnScale READ drawnScale NOTIFY drawnScaleChanged)

  public:
    explicit LedInstancing(QQuick3DObject* parent = nullptr);

    StudioEngine* engine() const { return m_engine; }
    void setEngine(StudioEngine* engine);
    bool wireView() const { return m_wireView; }
    void setWireView(bool wireView);
    float ledScale() const { return m_ledScale; }
    void setLedScale(float scale);
    float floor() const { return m_floor; }
    void setFloor(float floor);
    bool skipDark() const { return m_skipDark; }
    void setSkipDark(bool skip);
    float spacingScale() const { return m_spacingScale; }
    void setSpacingScale(float scale);
    float drawnScale() const;

    // The colour of LED `led` (in rig order) as last drawn; for tests.
    Q_INVOKABLE QColor colorAt(int led) const;

  signals:
    void engineChanged();
    void wireViewChanged();
    void ledScaleChanged();
    void floorChanged();
    void skipDarkChanged();
    void spacingScaleChanged();
    void drawnScaleChanged();

  protected:
    QByteArray getInstanceBuffer(int* instanceCount) override;

  private:
    void rebuildLayout();
    void refreshColors();

    QPointer<StudioEngine> m_engine;
    bool m_wireView = false;
    float m_ledScale = 2.8f;  // radius in millimetres
    float m_floor = 0.16f;
    bool m_skipDark = false;
    float m_spacingScale = 0.0f;
    float m_spacing = 0.0f;  // median nearest-neighbour distance, 0 with fewer than 2 LEDs
    struct Slot {
        QVector3D position;
        int strip;
        Wire wire;  // the rig's wiring, as the Pi's PWM outputs see it
        QColor idleColor;
    };
    std::vector<Slot> m_slots;
    std::vector<QColor> m_colors;
    QByteArray m_buffer;
    std::size_t m_drawn = 0;  // instances in m_buffer
    bool m_dirty = true;
};

}  // namespace ossynapse
