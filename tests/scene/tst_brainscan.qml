import QtQuick
import QtTest
import OSSynapse.Backend
import OSSynapse.Studio

// The brainscan of a recording with telemetry: one row per layer, coloured columns up to the
// playhead, saved as a PNG of one pixel per value.
TestCase {
    id: test
    name: "Brainscan"
    when: windowShown
    width: 480
    height: 300
    visible: true

    BrainscanView {
        id: scan
        anchors.fill: parent
        engine: StudioEngine
        columns: 60
    }

    function test_recordingWithTelemetryIsDrawn() {
        verify(StudioEngine.openRecording(Qt.resolvedUrl("../../recordings/telemetry-demo.jsonl")))
        StudioEngine.seek(8.0)
        tryVerify(() => scan.batchCount >= 30, 5000, "batches " + scan.batchCount)
        compare(scan.layerCount, 24)
        waitForRendering(scan)
        const image = grabImage(scan)
        image.save("brainscan-view.png")
        // The newest columns (right) are coloured; before the first batch (left) is dark.
        let coloured = 0
        for (let y = 2; y < image.height; y += 6) {
            const c = image.pixel(image.width - 3, y)
            if (c.r + c.g + c.b > 0.3)
                ++coloured
        }
        verify(coloured > 10, "coloured samples " + coloured)
        const left = image.pixel(2, image.height / 2)
        verify(left.r + left.g + left.b < 0.1)

        verify(scan.savePng("brainscan.png"))

        // The sparse activations of the one layer that has them: its width folded into rows.
        compare(scan.sparseLayers, [12])
        scan.mode = "sparse"
        scan.sparseLayer = 12
        tryVerify(() => scan.batchCount >= 30, 5000, "sparse records " + scan.batchCount)
        compare(scan.layerCount, 96)
        waitForRendering(scan)
        const sparse = grabImage(scan)
        sparse.save("brainscan-sparse.png")
        let lit = 0
        for (let y = 0; y < sparse.height; y += 2) {
            const c = sparse.pixel(sparse.width - 3, y)
            if (c.r + c.g + c.b > 0.6)
                ++lit
        }
        // A few features and some noise light a few rows of the newest column, not all.
        verify(lit > 2 && lit < sparse.height / 4, "lit rows " + lit)
        scan.sparseLayer = 3
        tryCompare(scan, "batchCount", 0)
        scan.mode = "summaries"
        StudioEngine.clearError()
        // No telemetry in a token-only recording: nothing to draw, and saving says so.
        verify(StudioEngine.openRecording(Qt.resolvedUrl("../../recordings/short-answer.jsonl")))
        tryCompare(scan, "batchCount", 0)
        verify(!scan.savePng("nothing.png"))
        compare(StudioEngine.errorText, "no telemetry to save yet")
    }
}
