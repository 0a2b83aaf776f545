#include <QTest>
class tst_mucservice : public QObject {
    Q_OBJECT
private slots: void placeholder() { QSKIP("not yet"); } };
QTEST_GUILESS_MAIN(tst_mucservice)
#include "tst_mucservice.moc"
