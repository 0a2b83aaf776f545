#include "Screenshot.h"

#include <QDir>
#include <QFileInfo>
#include <QPixmap>
#include <QTextStream>
#include <QWidget>

namespace Screenshot {

bool save(QWidget *widget, const QString &path, QTextStream &out)
{
    const QFileInfo file(path);
    if (widget->grab().save(file.filePath(), "PNG")) {
        out << "Screenshot: " << QDir::toNativeSeparators(file.absoluteFilePath()) << '\n';
        return true;
    }
    QTextStream(stderr) << "minimix-lab: could not write the screenshot to " << file.filePath() << Qt::endl;
    return false;
}

} // namespace Screenshot
