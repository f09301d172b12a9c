#pragma once

#include <QtQml/qqmlregistration.h>
#include <QPointer>
#include <QQuick3DTextureData>
#include <vector>

#include "app/studio/studio_engine.h"

namespace ossynapse {

// Each lobe's light as the glass around it receives it: a texture one texel wide per lobe (at
// most kMaxLobes) and two rows, RGBA 32-bit float. Row 0: the lobe's centre in skull space (mm)
// and its radius (mm, the farthest LED from the centre, at least 10). Row 1: the mean linear
// light of its LEDs in the latest frame (0-1 per channel, as driven) and, in alpha, the share
// of its LEDs that are lit. The glass shader adds it as light spilled onto the surface.
class LobeLightTexture : public QQuick3DTextureData {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ossynapse::StudioEngine* engine READ engine WRITE setEngine NOTIFY engineChanged)
    Q_PROPERTY(int lobeCount READ lobeCount NOTIFY lobeCountChanged)

  public:
    static constexpr int kMaxLobes = 32;

    explicit LobeLightTexture(QQuick3DObject* parent = nullptr);

    StudioEngine* engine() const { return m_engine; }
    void setEngine(StudioEngine* engine);
    int lobeCount() const { return static_cast<int>(m_lobes.size()); }

    // Row 1 of lobe `lobe`, as last written; for tests.
    Q_INVOKABLE QVector4D lightOf(int lobe) const;

  signals:
    void engineChanged();
    void lobeCountChanged();

  private:
    void rebuildLayout();
    void refreshLight();

    struct LobeSlots {
        std::vector<int> strips;
    };
    QPointer<StudioEngine> m_engine;
    std::vector<LobeSlots> m_lobes;
    std::vector<float> m_texels;  // 2 rows of kMaxLobes RGBA texels
};

}  // namespace ossynapse
