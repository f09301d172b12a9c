#include <QRandomGenerator>
#include <QTest>
#include <cmath>

#include "core/byte_io.h"
#include "core/error.h"
#include "core/half_float.h"
#include "core/nflw.h"
#include "core/spike_encoding.h"
#include "core/telemetry_decoder.h"
#include "core/telemetry_wire.h"

using namespace ossynapse;
Q_DECLARE_METATYPE(ossynapse::TelemetryMessage)

namespace {

// Values chosen to be exact in half precision, so a round trip compares equal.
ModelMeta meta() {
    return {
        0.0,
        "tiny-gpt",
        {{0, BlockKind::Attention, 64}, {1, BlockKind::Mlp, 256}, {2, BlockKind::Residual, 64}}};
}

SummaryBatch summary() {
    return {1.25,
            7,
            3,
            {{0, BlockKind::Attention, 0.5f, 2.0f, 11.25f, 1.75f},
             {1, BlockKind::Mlp, -0.125f, 4.5f, 30.0f, std::nanf("")}}};
}

SparseActivations sparse() {
    return {2.5, 1, {3, 17, 255}, {0.75f, 1.5f, -2.0f}};
}

WeightMatrix weights(WeightMatrix::Encoding encoding) {
    WeightMatrix matrix;
    matrix.t = 1.5;
    matrix.step = 100;
    matrix.index = 2;
    matrix.count = 5;
    matrix.layer = 1;
    matrix.encoding = encoding;
    matrix.rows = 2;
    matrix.cols = 3;
    matrix.sourceRows = 4;
    matrix.sourceCols = 3;
    matrix.name = "blocks.1.mlp.0.weight";
    matrix.values = {0.125f, -0.25f, 0.0f, 0.5f, 1.75f, -3.0f};
    return matrix;
}

TrainingStep training() {
    return {1.5, 100, 2.25f, 0.001f, 0.75f, {{0, 0.5f, std::nanf("")}, {1, 0.25f, 0.0625f}}};
}

AttentionPattern attention() {
    return {1.5, 100, 1, 3, 2, 2, {1.0f, 0.0f, 0.375f, 0.625f}};
}

SampledText sampledText() {
    return {1.5, 100, {{"th", 0.5f}, {"e \xc3", 0.25f}, {"\xa9", 1.0f}, {"", 0.0f}}};
}

bool sameMessage(const TelemetryMessage& a, const TelemetryMessage& b) {
    // NaN never equals itself: compare the encodings, which hold the same bits.
    return telemetry_wire::encode(a) == telemetry_wire::encode(b);
}

std::vector<std::uint8_t> nflwPacket(std::uint16_t type, const std::vector<std::uint8_t>& payload) {
    ByteWriter out;
    out.u32(nflw::kMagic);
    out.u16(1);
    out.u16(type);
    out.u32(2);  // FP32
    out.u64(42);
    out.u64(3'000'000'000ull);
    out.u32(static_cast<std::uint32_t>(payload.size()));
    out.raw(payload);
    return out.bytes;
}

}  // namespace

class TestTelemetry : public QObject {
    Q_OBJECT
  private slots:
    void halfFloats_data() {
        QTest::addColumn<float>("value");
        QTest::addColumn<int>("bits");
        QTest::newRow("one") << 1.0f << 0x3C00;
        QTest::newRow("minus two") << -2.0f << 0xC000;
        QTest::newRow("largest") << 65504.0f << 0x7BFF;
        QTest::newRow("overflow") << 1e6f << 0x7C00;
        QTest::newRow("smallest subnormal") << 5.9604645e-8f << 0x0001;
        QTest::newRow("rounds to even") << 1.00048828125f << 0x3C00;
        QTest::newRow("zero") << 0.0f << 0x0000;
    }
    void halfFloats() {
        QFETCH(float, value);
        QFETCH(int, bits);
        QCOMPARE(int(half::fromFloat(value)), bits);
        if (bits != 0x7C00 && value != 1.00048828125f) {
            QCOMPARE(half::toFloat(static_cast<std::uint16_t>(bits)), value);
        }
        QVERIFY(std::isnan(half::toFloat(half::fromFloat(std::nanf("")))));
    }

    void everyMessageRoundTrips_data() {
        QTest::addColumn<TelemetryMessage>("message");
        QTest::newRow("model meta") << TelemetryMessage(meta());
        QTest::newRow("summary batch") << TelemetryMessage(summary());
        QTest::newRow("sparse activations") << TelemetryMessage(sparse());
        QTest::newRow("control") << TelemetryMessage(
            ControlMessage{ControlMessage::Op::SetThreshold, 0.75f});
        QTest::newRow("empty summary") << TelemetryMessage(SummaryBatch{0.0, 0, 1, {}});
        QTest::newRow("weight matrix f32")
            << TelemetryMessage(weights(WeightMatrix::Encoding::F32));
        QTest::newRow("weight matrix f16")
            << TelemetryMessage(weights(WeightMatrix::Encoding::F16));
        QTest::newRow("training step") << TelemetryMessage(training());
        QTest::newRow("attention pattern") << TelemetryMessage(attention());
        QTest::newRow("sampled text, a byte-level token cut inside a character")
            << TelemetryMessage(sampledText());
    }

    // The sizes the protocol document gives.
    void trainingMessageSizes_data() {
        QTest::addColumn<TelemetryMessage>("message");
        QTest::addColumn<int>("bytes");
        const auto f32 = weights(WeightMatrix::Encoding::F32);
        QTest::newRow("weight matrix f32")
            << TelemetryMessage(f32) << int(12 + 38 + f32.name.size() + 6 * 4);
        QTest::newRow("weight matrix f16") << TelemetryMessage(weights(WeightMatrix::Encoding::F16))
                                           << int(12 + 38 + f32.name.size() + 6 * 2);
        QTest::newRow("training step") << TelemetryMessage(training()) << 12 + 28 + 2 * 12;
        QTest::newRow("attention pattern") << TelemetryMessage(attention()) << 12 + 20 + 4 * 2;
        QTest::newRow("sampled text")
            << TelemetryMessage(sampledText()) << 12 + 16 + 4 * 6 + 2 + 3 + 1 + 0;
    }
    void trainingMessageSizes() {
        QFETCH(TelemetryMessage, message);
        QFETCH(int, bytes);
        QCOMPARE(int(telemetry_wire::encode(message).size()), bytes);
    }

    void damagedTrainingMessagesAreRefused_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("offset");  // into the payload
        QTest::addColumn<int>("value");
        QTest::addColumn<QString>("reason");
        QTest::newRow("weights: unknown encoding")
            << "encoding" << 18 << 3 << "weight matrix 'blocks.1.mlp.0.weight': unknown encoding 3";
        QTest::newRow("weights: more rows than the payload holds")
            << "rows" << 20 << 9
            << "weight matrix 'blocks.1.mlp.0.weight': 9 x 3 values do not match";
        QTest::newRow("weights: index beyond the count")
            << "index" << 12 << 7 << "weight matrix 'blocks.1.mlp.0.weight': bad time or index 7";
        QTest::newRow("weights: source smaller than sent")
            << "source rows" << 28 << 1 << "weight matrix 'blocks.1.mlp.0.weight': the source";
    }
    void damagedTrainingMessagesAreRefused() {
        QFETCH(int, offset);
        QFETCH(int, value);
        QFETCH(QString, reason);
        auto bytes = telemetry_wire::encode(weights(WeightMatrix::Encoding::F32));
        bytes[12 + std::size_t(offset)] = static_cast<std::uint8_t>(value);
        std::string error;
        QVERIFY(!telemetry_wire::decode(bytes, &error));
        QVERIFY2(QString::fromStdString(error).startsWith(reason), error.c_str());
    }
    void everyMessageRoundTrips() {
        QFETCH(TelemetryMessage, message);
        const auto bytes = telemetry_wire::encode(message);
        std::string error;
        const auto decoded = telemetry_wire::decode(bytes, &error);
        QVERIFY2(decoded.has_value(), error.c_str());
        QVERIFY(sameMessage(*decoded, message));
        // The JSON form carries the same message, through text.
        const auto viaJson =
            telemetry_wire::fromJson(nlohmann::json::parse(telemetry_wire::toJson(message).dump()));
        QVERIFY(sameMessage(viaJson, message));
    }

    // The header, byte by byte, as docs/telemetry-protocol.md gives it.
    void headerBytes() {
        const auto bytes =
            telemetry_wire::encode(ControlMessage{ControlMessage::Op::SetSummaryHz, 4.0f});
        QCOMPARE(bytes.size(), std::size_t(12 + 8));
        QCOMPARE(std::string(bytes.begin(), bytes.begin() + 4), std::string("OSTM"));
        QCOMPARE(int(bytes[4]), 1);  // version
        QCOMPARE(int(bytes[5]), 4);  // control
        QCOMPARE(int(bytes[6]) + int(bytes[7]), 0);
        QCOMPARE(int(bytes[8]), 8);  // payload bytes, little-endian
        QCOMPARE(int(bytes[9]) + int(bytes[10]) + int(bytes[11]), 0);
        QCOMPARE(int(bytes[12]), 2);  // op
        const auto summaryBytes = telemetry_wire::encode(summary());
        // 12 header + 20 fixed + 12 per layer
        QCOMPARE(summaryBytes.size(), std::size_t(12 + 20 + 2 * 12));
    }

    // Every cut of a valid message and thousands of damaged ones: decoded or refused with a
    // reason, never a crash (the sanitizer build runs this too).
    void truncatedAndRandomInputIsRefused() {
        QRandomGenerator random(11);
        int refused = 0;
        for (const TelemetryMessage& message :
             {TelemetryMessage(meta()), TelemetryMessage(summary()), TelemetryMessage(sparse()),
              TelemetryMessage(weights(WeightMatrix::Encoding::F16)), TelemetryMessage(training()),
              TelemetryMessage(attention()), TelemetryMessage(sampledText())}) {
            const auto bytes = telemetry_wire::encode(message);
            for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
                std::string error;
                QVERIFY(!telemetry_wire::decode(std::span(bytes).first(cut), &error));
                QVERIFY(!error.empty());
                ++refused;
            }
            for (int round = 0; round < 3000; ++round) {
                auto damaged = bytes;
                for (int e = 0; e < 1 + random.bounded(4); ++e) {
                    damaged[std::size_t(random.bounded(int(damaged.size())))] =
                        static_cast<std::uint8_t>(random.bounded(256));
                }
                std::string error;
                if (!telemetry_wire::decode(damaged, &error)) {
                    QVERIFY(!error.empty());
                    ++refused;
                }
                nflw::decode(damaged);
            }
        }
        for (int round = 0; round < 3000; ++round) {
            std::vector<std::uint8_t> noise(std::size_t(random.bounded(200)));
            for (auto& byte : noise) {
                byte = static_cast<std::uint8_t>(random.bounded(256));
            }
            QVERIFY(!telemetry_wire::decode(noise));
            nflw::decode(noise);
        }
        QVERIFY(refused > 100);
    }

    void badJsonIsNamed_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("no type") << R"({"t":0})"
                                 << "telemetry message: missing 'type'";
        QTest::newRow("unknown type")
            << R"({"type":"gradient"})"
            << "telemetry 'type' must be meta, summary, sparse, control, weights, training, "
               "attention or text";
        QTest::newRow("weights: fewer values than the shape")
            << R"({"type":"weights","t":0,"step":0,"index":0,"count":1,"layer":0,"name":"w",)"
               R"("rows":2,"cols":2,"source_rows":2,"source_cols":2,"encoding":"f32",)"
               R"("values":[1,2,3]})"
            << "telemetry 'weights': 'values' has 3 values, not 4";
        QTest::newRow("weights: unknown encoding")
            << R"({"type":"weights","t":0,"step":0,"index":0,"count":1,"layer":0,"name":"w",)"
               R"("rows":1,"cols":1,"source_rows":1,"source_cols":1,"encoding":"bf16",)"
               R"("values":[1]})"
            << "telemetry 'weights': 'encoding' must be";
        QTest::newRow("attention: no queries")
            << R"({"type":"attention","t":0,"step":0,"layer":0,"head":0,"queries":0,"keys":2,)"
               R"("weights":[]})"
            << "telemetry 'attention': 'queries' and 'keys' must be at least 1";
        QTest::newRow("text: a probability above 1")
            << R"({"type":"text","t":0,"step":0,"tokens":[{"text":"a","probability":1.5}]})"
            << "telemetry 'text': a token's 'probability' must be 0..1";
        QTest::newRow("training: a layer beyond 16 bits")
            << R"({"type":"training","t":0,"step":0,"loss":1,"layers":[{"layer":70000}]})"
            << "telemetry 'training': 'layer' must be below 65536";
        QTest::newRow("negative time") << R"({"type":"summary","t":-1,"step":0,"layers":[]})"
                                       << "telemetry 'summary': 't' must be seconds";
        QTest::newRow("bad kind")
            << R"({"type":"summary","t":0,"step":0,"layers":[{"layer":0,"kind":"conv"}]})"
            << "telemetry 'summary': 'kind' must be";
        QTest::newRow("ragged sparse")
            << R"({"type":"sparse","t":0,"layer":0,"indices":[1,2],"values":[1]})"
            << "telemetry 'sparse': 'indices' and 'values' differ in length";
    }
    void badJsonIsNamed() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        try {
            telemetry_wire::fromJson(nlohmann::json::parse(text.toStdString()));
            QFAIL("accepted");
        } catch (const InputError& error) {
            QVERIFY2(QString::fromUtf8(error.what()).startsWith(message), error.what());
        }
    }

    // Found by abuse: a layer index of 0xffffffff (a Synapse packet, our binary or JSON) made
    // the engine keep state for four billion layers. Every way in refuses it in words.
    void layerIndexIsBounded_data() {
        QTest::addColumn<int>("layer");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("the last allowed") << 4095 << true;
        QTest::newRow("the limit") << 4096 << false;
        QTest::newRow("a billion and a half") << 1500000000 << false;
        QTest::newRow("all ones") << -1 << false;  // as u32: 0xffffffff
    }
    void layerIndexIsBounded() {
        QFETCH(int, layer);
        QFETCH(bool, accepted);
        const auto index = static_cast<std::uint32_t>(layer);
        const std::string expected =
            "layer index " + std::to_string(index) + " is not below the limit of 4096 layers";
        SparseActivations sparse;
        sparse.t = 1.0;
        sparse.layer = index;
        sparse.indices = {1};
        sparse.values = {0.5f};
        TelemetryDecoder binary;
        QCOMPARE(binary.binary(telemetry_wire::encode(sparse)).has_value(), accepted);
        TelemetryDecoder text;
        QCOMPARE(text.text(telemetry_wire::toJson(sparse).dump()).has_value(), accepted);
        ByteWriter payload;  // a Synapse sparse packet
        payload.u32(index);
        payload.u32(1);  // one value
        payload.u32(0);
        payload.u32(0);
        payload.u32(1);
        payload.f32(0.5f);
        TelemetryDecoder synapse;
        const auto read = synapse.binary(nflwPacket(2, payload.bytes));
        for (const TelemetryDecoder* decoder : {&binary, &text, &synapse}) {
            QCOMPARE(decoder->dropped(), accepted ? 0u : 1u);
            if (!accepted) {
                QCOMPARE(decoder->lastError(), expected);
            }
        }
        QCOMPARE(read.has_value(), accepted);
    }

    // Synapse probe packets, laid out by hand from its protocol header.
    void synapsePacketsAreRead() {
        ByteWriter summaryPayload;
        summaryPayload.u32(2);
        summaryPayload.u32(0);
        for (std::uint32_t layer : {0u, 5u}) {
            summaryPayload.u32(layer);
            summaryPayload.u32(4096);
            summaryPayload.f32(0.25f * float(layer + 1));
            summaryPayload.f32(3.0f);
        }
        std::string error;
        const auto packet = nflw::decode(nflwPacket(1, summaryPayload.bytes), &error);
        QVERIFY2(packet.has_value(), error.c_str());
        QCOMPARE(packet->sequence, std::uint64_t(42));
        const auto& batch = std::get<SummaryBatch>(packet->message);
        QCOMPARE(batch.t, 3.0);
        QCOMPARE(batch.layers.size(), std::size_t(2));
        QCOMPARE(batch.layers[1].layer, 5u);
        QCOMPARE(batch.layers[1].mean, 1.5f);
        QCOMPARE(batch.layers[1].max, 3.0f);
        QVERIFY(std::isnan(batch.layers[1].l2));

        ByteWriter sparsePayload;
        sparsePayload.u32(3);
        sparsePayload.u32(2);
        sparsePayload.u32(0);
        sparsePayload.u32(0);
        sparsePayload.u32(10);
        sparsePayload.f32(0.5f);
        sparsePayload.u32(99);
        sparsePayload.f32(2.0f);
        const auto sparsePacket = nflw::decode(nflwPacket(2, sparsePayload.bytes), &error);
        QVERIFY2(sparsePacket.has_value(), error.c_str());
        const auto& activations = std::get<SparseActivations>(sparsePacket->message);
        QCOMPARE(activations.layer, 3u);
        QCOMPARE(activations.indices, (std::vector<std::uint32_t>{10, 99}));
        QCOMPARE(activations.values, (std::vector<float>{0.5f, 2.0f}));

        ByteWriter metaPayload;
        metaPayload.u32(1);
        metaPayload.u32(0);
        metaPayload.u32(4096);
        metaPayload.u16(64);
        metaPayload.u16(64);
        const auto metaPacket = nflw::decode(nflwPacket(4, metaPayload.bytes), &error);
        QVERIFY2(metaPacket.has_value(), error.c_str());
        QCOMPARE(std::get<ModelMeta>(metaPacket->message).layers[0].width, 4096u);

        // V2 summaries: mean at 8, max at 20, l2 at 24.
        ByteWriter v2;
        v2.u32(1);
        v2.u32(2);
        v2.u32(7);
        v2.u32(100);
        for (float value : {0.5f, 0.1f, -1.0f, 6.0f, 42.0f}) {
            v2.f32(value);
        }
        for (int i = 0; i < 9; ++i) {
            v2.u32(0);
        }
        const auto v2Packet = nflw::decode(nflwPacket(6, v2.bytes), &error);
        QVERIFY2(v2Packet.has_value(), error.c_str());
        const auto& v2Batch = std::get<SummaryBatch>(v2Packet->message);
        QCOMPARE(v2Batch.layers[0].mean, 0.5f);
        QCOMPARE(v2Batch.layers[0].max, 6.0f);
        QCOMPARE(v2Batch.layers[0].l2, 42.0f);

        // Gradient batch: count, step, global norm, then 36-byte entries (L2 norm at 24).
        ByteWriter gradient;
        gradient.u32(2);
        gradient.u32(42);
        gradient.f32(2.5f);
        for (std::uint32_t layer : {0u, 3u}) {
            gradient.u32(layer);
            gradient.u32(1000);
            for (float value : {0.01f, 0.02f, -0.1f, 0.5f, 1.5f + float(layer), 10.0f, 0.15f}) {
                gradient.f32(value);
            }
        }
        const auto gradientPacket = nflw::decode(nflwPacket(5, gradient.bytes), &error);
        QVERIFY2(gradientPacket.has_value(), error.c_str());
        const auto& learning = std::get<TrainingStep>(gradientPacket->message);
        QCOMPARE(learning.step, 42u);
        QCOMPARE(learning.gradientNorm, 2.5f);
        QVERIFY(std::isnan(learning.loss));
        QCOMPARE(learning.layers.size(), std::size_t(2));
        QCOMPARE(learning.layers[1].layer, std::uint16_t(3));
        QCOMPARE(learning.layers[1].gradientNorm, 4.5f);
        QVERIFY(std::isnan(learning.layers[1].weightChange));

        // Attention pattern: 20-byte head, then {query, key, weight} entries, the rest 0.
        ByteWriter pattern;
        pattern.u32(2);
        pattern.u32(5);
        pattern.u16(3);  // queries
        pattern.u16(4);  // keys
        pattern.u8(0);
        pattern.u8(0);
        pattern.u16(2);
        pattern.u32(0);
        pattern.u16(2);
        pattern.u16(1);
        pattern.f32(0.75f);
        pattern.u16(0);
        pattern.u16(0);
        pattern.f32(1.0f);
        const auto attentionPacket = nflw::decode(nflwPacket(7, pattern.bytes), &error);
        QVERIFY2(attentionPacket.has_value(), error.c_str());
        const auto& heads = std::get<AttentionPattern>(attentionPacket->message);
        QCOMPARE(heads.layer, std::uint16_t(2));
        QCOMPARE(heads.head, std::uint16_t(5));
        QCOMPARE(heads.weights.size(), std::size_t(12));
        QCOMPARE(heads.weights[0], 1.0f);
        QCOMPARE(heads.weights[2 * 4 + 1], 0.75f);
        QCOMPARE(heads.weights[1], 0.0f);
        auto outside = pattern.bytes;
        outside[20] = 9;  // the first entry's query, beyond 3
        QVERIFY(!nflw::decode(nflwPacket(7, outside), &error));
        QCOMPARE(error, std::string("NFLW attention pattern: an entry lies outside 3 x 4"));
        auto wrongLength = nflwPacket(1, summaryPayload.bytes);
        wrongLength.pop_back();
        QVERIFY(!nflw::decode(wrongLength, &error));
    }

    void spikeEncodings_data() {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<float>("threshold");
        QTest::addColumn<int>("bits");
        QTest::addColumn<std::vector<float>>("signal");
        QTest::addColumn<std::vector<int>>("spikes");
        QTest::addColumn<double>("sparsity");
        const std::vector<float> ramp{-1.0f, -0.4f, 0.0f, 0.4f, 0.6f, 1.0f};
        QTest::newRow("binary") << "binary" << 0.5f << 4 << ramp
                                << std::vector<int>{0, 0, 0, 0, 1, 1} << 4.0 / 6.0;
        QTest::newRow("ternary") << "ternary" << 0.3f << 4 << ramp
                                 << std::vector<int>{-1, -1, 0, 1, 1, 1} << 1.0 / 6.0;
        // 0.6 of 3 bits -> round(4.2) = 4 = 100; 1.0 -> 7 = 111 (later values in a group ignored)
        QTest::newRow("bitwise") << "bitwise" << 0.0f << 3
                                 << std::vector<float>{0.6f, 0.0f, 0.0f, 1.0f, 0.0f, 0.0f}
                                 << std::vector<int>{1, 0, 0, 1, 1, 1} << 2.0 / 6.0;
        QTest::newRow("NaN never fires")
            << "binary" << -1.0f << 4 << std::vector<float>{std::nanf(""), 0.0f}
            << std::vector<int>{0, 1} << 0.5;
    }
    void spikeEncodings() {
        QFETCH(QString, scheme);
        QFETCH(float, threshold);
        QFETCH(int, bits);
        QFETCH(std::vector<float>, signal);
        QFETCH(std::vector<int>, spikes);
        QFETCH(double, sparsity);
        SpikeSettings settings;
        settings.scheme = *spikeSchemeFromName(scheme.toStdString());
        settings.threshold = threshold;
        settings.bits = bits;
        const auto encoded = encodeSpikes(signal, settings);
        QCOMPARE(std::vector<int>(encoded.begin(), encoded.end()), spikes);
        QCOMPARE(ossynapse::sparsity(encoded), sparsity);
    }
};

QTEST_APPLESS_MAIN(TestTelemetry)
#include "tst_telemetry.moc"
