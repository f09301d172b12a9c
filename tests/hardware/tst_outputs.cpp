#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/ws2812.h"
#include "hardware/coalescing_slot.h"
#include "hardware/gpio_line.h"
#include "hardware/output.h"
#include "hardware/pwm2_output.h"

using namespace ossynapse::hw;

namespace {

// A GPIO line that remembers what it was set to.
class FakeLine : public GpioLine {
  public:
    void set(bool high) override {
        m_high = high;
        if (high) {
            ++m_highs;
        }
    }
    bool high() const { return m_high; }
    int highs() const { return m_highs; }

  private:
    std::atomic<bool> m_high{true};
    std::atomic<int> m_highs{0};
};

}  // namespace

class TestOutputs : public QObject {
    Q_OBJECT
  private slots:
    void pwmTimingSplitsThePeriod_data() {
        QTest::addColumn<double>("duty");
        QTest::addColumn<double>("hz");
        QTest::addColumn<long>("high");
        QTest::addColumn<long>("low");
        QTest::newRow("off") << 0.0 << 800.0 << 0L << 1250000L;
        QTest::newRow("quarter at 800 Hz") << 0.25 << 800.0 << 312500L << 937500L;
        QTest::newRow("full") << 1.0 << 800.0 << 1250000L << 0L;
        QTest::newRow("half at 10 kHz") << 0.5 << 10000.0 << 50000L << 50000L;
        QTest::newRow("clamped above 1") << 1.5 << 1000.0 << 1000000L << 0L;
    }
    void pwmTimingSplitsThePeriod() {
        QFETCH(double, duty);
        QFETCH(double, hz);
        QFETCH(long, high);
        QFETCH(long, low);
        const PwmTiming timing = pwmTiming(duty, hz);
        QCOMPARE(timing.highNs, high);
        QCOMPARE(timing.lowNs, low);
    }

    // Duty 0: PWM stopped and both pins held low; lit: the lines toggle; all off: low again.
    void pwm2DrivesAndStops() {
        auto a = std::make_unique<FakeLine>();
        auto b = std::make_unique<FakeLine>();
        FakeLine* lineA = a.get();
        FakeLine* lineB = b.get();
        Pwm2Output output(std::move(a), std::move(b), 500.0);
        QTRY_VERIFY(!lineA->high() && !lineB->high());
        // The wires follow the frame's duties, not its bytes: the bytes say B, the duties A.
        output.apply({{0, 0, 0, 255, 255, 255}, 0.0, "test", {65535, 0}});  // A full, B off
        QTRY_VERIFY_WITH_TIMEOUT(lineA->highs() > 5, 2000);
        QCOMPARE(output.dutyA(), 1.0);
        QCOMPARE(output.dutyB(), 0.0);
        QCOMPARE(lineB->highs(), 0);
        output.allOff(0.0);
        QTRY_VERIFY(!lineA->high() && !lineB->high());
        const int highs = lineA->highs();
        QTest::qWait(50);
        QCOMPARE(lineA->highs(), highs);  // stopped, not flickering at 0 %
    }

    // Hardware PWM through sysfs, against a folder laid out as /sys/class/pwm.
    void sysfsPwmWritesPeriodDutyAndEnable() {
        QTemporaryDir root;
        QDir(root.path()).mkpath(QStringLiteral("pwmchip0/pwm0"));
        QDir(root.path()).mkpath(QStringLiteral("pwmchip0/pwm1"));
        const auto read = [&](const char* file) {
            QFile f(root.filePath(QString::fromLatin1(file)));
            return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()) : QString();
        };
        {
            const auto output = makeOutput("sysfs-pwm:root=" + root.path().toStdString() +
                                           ",chip=0,a=0,b=1,hz=1000");
            QCOMPARE(read("pwmchip0/pwm0/period"), QStringLiteral("1000000"));
            QCOMPARE(read("pwmchip0/pwm0/enable"), QStringLiteral("0"));
            std::vector<std::uint8_t> rgb(6 * 3, 0);
            output->apply({rgb, 0.0, "test", {65535, 13107}});  // A full, B 20 %
            QCOMPARE(read("pwmchip0/pwm0/duty_cycle"), QStringLiteral("1000000"));
            QCOMPARE(read("pwmchip0/pwm0/enable"), QStringLiteral("1"));
            QCOMPARE(read("pwmchip0/pwm1/duty_cycle"), QStringLiteral("200000"));
            output->allOff(0.0);
            QCOMPARE(read("pwmchip0/pwm0/duty_cycle"), QStringLiteral("0"));
            QCOMPARE(read("pwmchip0/pwm0/enable"), QStringLiteral("0"));
            QCOMPARE(read("pwmchip0/pwm1/enable"), QStringLiteral("0"));
        }
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, makeOutput("sysfs-pwm:root=/nonexistent"));
    }

    // The SPI bytes that reach the bus: a plain file stands in for /dev/spidev.
    void ws2812WritesEncodedFramesAndDarkOnOff() {
        QTemporaryDir dir;
        const std::string bus = dir.filePath(QStringLiteral("spidev")).toStdString();
        QFile::remove(QString::fromStdString(bus));
        {
            QFile create(QString::fromStdString(bus));
            QVERIFY(create.open(QIODevice::WriteOnly));
        }
        const std::vector<std::uint8_t> rgb = {0xA5, 0xFF, 0x00, 0x01, 0x02, 0x03};
        const std::vector<std::uint8_t> lit = ossynapse::ws2812::encode(rgb);
        {
            const auto output = makeOutput("ws2812:" + bus);
            output->apply({rgb, 0.0, "test", {}});
            QTRY_COMPARE(QFileInfo(QString::fromStdString(bus)).size(),
                         static_cast<qint64>(lit.size()));
            output->allOff(0.0);  // waits until the dark frame is written
        }
        QFile file(QString::fromStdString(bus));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        const std::vector<std::uint8_t> dark =
            ossynapse::ws2812::encode(std::vector<std::uint8_t>(6, 0));
        QCOMPARE(static_cast<std::size_t>(written.size()), lit.size() + dark.size());
        QVERIFY(std::equal(lit.begin(), lit.end(),
                           reinterpret_cast<const std::uint8_t*>(written.constData())));
        QVERIFY(
            std::equal(dark.begin(), dark.end(),
                       reinterpret_cast<const std::uint8_t*>(written.constData()) + lit.size()));
    }

    // A slow writer never builds a backlog: newer frames replace pending ones. The writer is
    // held inside its first frame while 49 more are offered (a gate, not a sleep, so the counts
    // do not depend on how busy the machine is): all but the newest are replaced.
    void coalescingSlotKeepsOnlyTheNewest() {
        std::mutex mutex;
        std::condition_variable changed;
        bool writing = false;
        bool release = false;
        std::vector<double> written;
        CoalescingSlot slot([&](const OutputFrame& frame) {
            std::unique_lock lock(mutex);
            writing = true;
            changed.notify_all();
            changed.wait(lock, [&] { return release; });
            written.push_back(frame.t);
        });
        slot.offer({{}, 0.0, "test"});
        {
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return writing; });
        }
        for (int i = 1; i < 50; ++i) {
            slot.offer({{}, static_cast<double>(i), "test"});
        }
        {
            std::lock_guard lock(mutex);
            release = true;
        }
        changed.notify_all();
        slot.drain();
        std::lock_guard lock(mutex);
        QCOMPARE(written, (std::vector<double>{0.0, 49.0}));
        QCOMPARE(slot.replaced(), std::size_t{48});
    }
};

QTEST_GUILESS_MAIN(TestOutputs)
#include "tst_outputs.moc"
