#include "app/studio/weights_material.h"

#include <cstring>

namespace ossynapse {
namespace {

// The std140 uniform block of shaders/weights.{vert,frag}.
constexpr int kMatrixOffset = 0;
constexpr int kOpacityOffset = 64;
constexpr int kMatrixCountOffset = 68;

class WeightsShader : public QSGMaterialShader {
  public:
    WeightsShader() {
        setShaderFileName(
            VertexStage,
            QStringLiteral(":/qt/qml/OSSynapse/Backend/studio/shaders/weights.vert.qsb"));
        setShaderFileName(
            FragmentStage,
            QStringLiteral(":/qt/qml/OSSynapse/Backend/studio/shaders/weights.frag.qsb"));
    }

    bool updateUniformData(RenderState& state, QSGMaterial* current, QSGMaterial*) override {
        QByteArray* buffer = state.uniformData();
        if (state.isMatrixDirty()) {
            std::memcpy(buffer->data() + kMatrixOffset, state.combinedMatrix().constData(), 64);
        }
        if (state.isOpacityDirty()) {
            const float opacity = state.opacity();
            std::memcpy(buffer->data() + kOpacityOffset, &opacity, sizeof opacity);
        }
        const auto* material = static_cast<WeightsMaterial*>(current);
        const float count = material->scales() != nullptr
                                ? static_cast<float>(material->scales()->textureSize().width())
                                : 1.0f;
        std::memcpy(buffer->data() + kMatrixCountOffset, &count, sizeof count);
        return true;
    }

    void updateSampledImage(RenderState& state,
                            int binding,
                            QSGTexture** texture,
                            QSGMaterial* current,
                            QSGMaterial*) override {
        const auto* material = static_cast<WeightsMaterial*>(current);
        QSGTexture* chosen = binding == 1   ? material->values()
                             : binding == 2 ? material->matrixMap()
                                            : material->scales();
        if (chosen != nullptr) {
            chosen->commitTextureOperations(state.rhi(), state.resourceUpdateBatch());
            *texture = chosen;
        }
    }
};

}  // namespace

WeightsMaterial::WeightsMaterial() = default;

QSGMaterialType* WeightsMaterial::type() const {
    static QSGMaterialType type;
    return &type;
}

QSGMaterialShader* WeightsMaterial::createShader(QSGRendererInterface::RenderMode) const {
    return new WeightsShader;
}

int WeightsMaterial::compare(const QSGMaterial* other) const {
    // One weights view a window: two materials are never batched together.
    return this == other ? 0 : (this < other ? -1 : 1);
}

}  // namespace ossynapse
