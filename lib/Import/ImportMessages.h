//===- Import/ImportMessages.h - Error text shared by front ends -*- C++
//-*-===//
#ifndef WNN_IMPORT_IMPORTMESSAGES_H
#define WNN_IMPORT_IMPORTMESSAGES_H

#include <string>

namespace wnn {

/// Strips "source: " from a builder message so an importer can put its own
/// context (file and operator or node) in front exactly once.
inline std::string stripSource(const std::string &message,
                               const std::string &source) {
  std::string prefix = source + ": ";
  if (!source.empty() && message.compare(0, prefix.size(), prefix) == 0)
    return message.substr(prefix.size());
  return message;
}

} // namespace wnn

#endif // WNN_IMPORT_IMPORTMESSAGES_H
