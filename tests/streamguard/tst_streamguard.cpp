#include <QTest>
class tst_streamguard : public QObject {
    Q_OBJECT
private slots: void placeholder() { QSKIP("not yet"); } };
QTEST_GUILESS_MAIN(tst_streamguard)
#include "tst_streamguard.moc"
