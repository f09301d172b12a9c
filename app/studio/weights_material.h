#pragma once

#include <QSGMaterial>
#include <QSGTexture>
#include <memory>

// The scene-graph material of the weights mode: three textures (app/studio/weights_textures.h)
// and app/studio/shaders/weights.frag, which normalises every value by its matrix's scale.
namespace ossynapse {

class WeightsMaterial : public QSGMaterial {
  public:
    WeightsMaterial();

    QSGMaterialType* type() const override;
    QSGMaterialShader* createShader(QSGRendererInterface::RenderMode mode) const override;
    int compare(const QSGMaterial* other) const override;

    // The material owns its textures; a new one replaces (and deletes) the old.
    void setValues(QSGTexture* texture) { m_values.reset(texture); }
    void setMatrixMap(QSGTexture* texture) { m_matrixMap.reset(texture); }
    void setScales(QSGTexture* texture) { m_scales.reset(texture); }
    QSGTexture* values() const { return m_values.get(); }
    QSGTexture* matrixMap() const { return m_matrixMap.get(); }
    QSGTexture* scales() const { return m_scales.get(); }
    bool complete() const { return m_values && m_matrixMap && m_scales; }

  private:
    std::unique_ptr<QSGTexture> m_values;
    std::unique_ptr<QSGTexture> m_matrixMap;
    std::unique_ptr<QSGTexture> m_scales;
};

}  // namespace ossynapse
