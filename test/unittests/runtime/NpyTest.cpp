//===- NpyTest.cpp - .npy reading and writing -----------------------------===//

#include "wnn/Npy.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <unistd.h>

using namespace wnn;

namespace {

std::string tempPath(const std::string &name) {
  return (std::filesystem::temp_directory_path() /
          ("wnn-npy-test-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

/// A .npy file with a given header dict and `dataBytes` zero bytes.
std::string makeNpy(const std::string &dict, size_t dataBytes,
                    unsigned major = 1) {
  std::string header = dict;
  size_t preamble = major == 1 ? 10 : 12;
  while ((preamble + header.size() + 1) % 64)
    header += ' ';
  header += '\n';
  std::string out("\x93NUMPY", 6);
  out += char(major);
  out += char(0);
  size_t n = header.size();
  for (size_t i = 0; i < preamble - 8; ++i)
    out += char((n >> (8 * i)) & 0xff);
  return out + header + std::string(dataBytes, '\0');
}

std::string parseError(const std::string &contents) {
  Expected<NpyArray> result =
      parseNpy(contents.data(), contents.size(), "x.npy");
  if (result)
    return "";
  return result.error().message;
}

template <typename T>
void roundTrip(DataType type, std::vector<int64_t> shape, const char *descr) {
  NpyArray array(type, shape);
  for (int64_t i = 0; i < array.elementCount(); ++i)
    array.dataAs<T>()[i] = T(i * 3 - 5);
  std::string path = tempPath(std::string("rt-") + descr + ".npy");
  Status written = writeNpy(path, array);
  ASSERT_TRUE(bool(written)) << written.error().message;
  Expected<NpyArray> read = readNpy(path);
  std::remove(path.c_str());
  ASSERT_TRUE(bool(read)) << read.error().message;
  EXPECT_EQ(read->dataType(), type);
  EXPECT_EQ(read->shape(), shape);
  ASSERT_EQ(read->byteSize(), array.byteSize());
  EXPECT_EQ(std::memcmp(read->data(), array.data(), array.byteSize()), 0);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(read->data()) % 64, 0u);

  Expected<std::string> bytes = encodeNpy(type, shape, array.data());
  ASSERT_TRUE(bool(bytes));
  EXPECT_NE(bytes->find(std::string("'descr': '") + descr + "'"),
            std::string::npos);
  // Data starts 64-byte aligned, as NumPy writes it.
  EXPECT_EQ((bytes->size() - array.byteSize()) % 64, 0u);
}

TEST(Npy, RoundTripEveryType) {
  roundTrip<float>(DataType::Float32, {2, 3}, "<f4");
  roundTrip<uint16_t>(DataType::Float16, {5}, "<f2");
  roundTrip<int32_t>(DataType::Int32, {1, 2, 2}, "<i4");
  roundTrip<uint32_t>(DataType::Uint32, {3}, "<u4");
  roundTrip<int64_t>(DataType::Int64, {2, 2}, "<i8");
  roundTrip<uint64_t>(DataType::Uint64, {4, 1}, "<u8");
  roundTrip<int8_t>(DataType::Int8, {7}, "|i1");
  roundTrip<uint8_t>(DataType::Uint8, {2, 5}, "|u1");
}

TEST(Npy, RoundTripScalarAndEmpty) {
  roundTrip<float>(DataType::Float32, {}, "<f4");
  roundTrip<float>(DataType::Float32, {0, 3}, "<f4");
}

TEST(Npy, ShapeSpelling) {
  float x[3] = {1, 2, 3};
  EXPECT_NE(encodeNpy(DataType::Float32, {3}, x)->find("'shape': (3,)"),
            std::string::npos);
  EXPECT_NE(encodeNpy(DataType::Float32, {}, x)->find("'shape': ()"),
            std::string::npos);
  EXPECT_NE(encodeNpy(DataType::Float32, {1, 3}, x)->find("'shape': (1, 3)"),
            std::string::npos);
}

TEST(Npy, ReadsNumPyStyleHeaders) {
  // Version 2, double quotes, no trailing comma, Python 2 long.
  std::string file = makeNpy(
      "{\"descr\": \"<i8\", \"fortran_order\": False, \"shape\": (2L, 1)}", 16,
      2);
  Expected<NpyArray> array = parseNpy(file.data(), file.size(), "x.npy");
  ASSERT_TRUE(bool(array)) << array.error().message;
  EXPECT_EQ(array->dataType(), DataType::Int64);
  EXPECT_EQ(array->shape(), (std::vector<int64_t>{2, 1}));
  // Native byte order and one-byte types.
  EXPECT_EQ(
      parseError(makeNpy(
          "{'descr': '=f4', 'fortran_order': False, 'shape': (1,), }", 4)),
      "");
  EXPECT_EQ(
      parseError(makeNpy(
          "{'descr': '<u1', 'fortran_order': False, 'shape': (1,), }", 1)),
      "");
}

TEST(Npy, RejectsFortranOrder) {
  EXPECT_EQ(
      parseError(makeNpy(
          "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16)),
      "x.npy: Fortran-order arrays are not supported; save the array "
      "in C order");
}

TEST(Npy, RejectsBigEndian) {
  EXPECT_EQ(
      parseError(makeNpy(
          "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8)),
      "x.npy: big-endian data ('>f4') is not supported");
}

TEST(Npy, RejectsUnsupportedDtype) {
  std::string error = parseError(
      makeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 16));
  EXPECT_NE(error.find("x.npy: unsupported dtype '<f8'"), std::string::npos)
      << error;
  error = parseError(makeNpy(
      "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", 8));
  EXPECT_NE(error.find("x.npy: bad header"), std::string::npos) << error;
}

TEST(Npy, RejectsTruncatedData) {
  EXPECT_EQ(
      parseError(makeNpy(
          "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 20)),
      "x.npy: truncated data: float32 [2,3] needs 24 bytes but the file "
      "holds 20");
}

TEST(Npy, RejectsTrailingBytes) {
  std::string error = parseError(
      makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 9));
  EXPECT_NE(error.find("x.npy: 1 unexpected bytes"), std::string::npos)
      << error;
}

TEST(Npy, RejectsBadMagicAndVersion) {
  EXPECT_EQ(parseError("PK\x03\x04 not numpy"),
            "x.npy: not a .npy file (no \\x93NUMPY magic)");
  EXPECT_EQ(parseError(""), "x.npy: not a .npy file (no \\x93NUMPY magic)");
  std::string file =
      makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4);
  file[6] = 9;
  EXPECT_EQ(parseError(file), "x.npy: unsupported .npy format version 9.0");
}

TEST(Npy, RejectsBadHeaders) {
  std::string file =
      makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4);
  EXPECT_EQ(parseError(file.substr(0, 40)),
            "x.npy: truncated header: it claims 118 bytes but 30 follow");
  for (const char *dict :
       {"{'descr': '<f4', 'shape': (1,), }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}",
        "{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': [1], }",
        "{'descr': '<f4' 'fortran_order': False, 'shape': (1,), }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } junk",
        "not a dict"}) {
    std::string error = parseError(makeNpy(dict, 4));
    EXPECT_EQ(error.rfind("x.npy: bad header: ", 0), 0u)
        << dict << " -> " << error;
  }
}

TEST(Npy, ReadErrorsNameTheFile) {
  Expected<NpyArray> missing = readNpy("/nonexistent/dir/x.npy");
  ASSERT_FALSE(bool(missing));
  EXPECT_EQ(missing.error().message,
            "/nonexistent/dir/x.npy: cannot open: No such file or directory");
  float x = 0;
  Status written =
      writeNpy("/nonexistent/dir/y.npy", DataType::Float32, {1}, &x);
  ASSERT_FALSE(bool(written));
  EXPECT_EQ(written.error().message.rfind("/nonexistent/dir/y.npy: ", 0), 0u);
  Status int4 = writeNpy(tempPath("i4.npy"), DataType::Int4, {2}, &x);
  ASSERT_FALSE(bool(int4));
  EXPECT_NE(int4.error().message.find("cannot hold int4"), std::string::npos);
}

TEST(Npy, FormatsTensorTypes) {
  EXPECT_EQ(formatTensorType(DataType::Float32, {1, 3, 224, 224}),
            "float32 [1,3,224,224]");
  EXPECT_EQ(formatTensorType(DataType::Uint8, {}), "uint8 []");
}

TEST(Npy, ArrayCopiesAndMoves) {
  NpyArray a(DataType::Int32, {3});
  a.dataAs<int32_t>()[2] = 7;
  NpyArray b = a;
  EXPECT_EQ(b.dataAs<int32_t>()[2], 7);
  EXPECT_NE(a.data(), b.data());
  NpyArray c = std::move(a);
  EXPECT_EQ(c.dataAs<int32_t>()[2], 7);
  EXPECT_EQ(a.byteSize(), 0u);
  NpyArray packed(DataType::Uint4, {3});
  EXPECT_EQ(packed.byteSize(), 2u);
}

} // namespace

namespace {

TEST(Npy, SurvivesCorruptFiles) {
  float x[6] = {1, 2, 3, 4, 5, 6};
  std::string valid = *encodeNpy(DataType::Float32, {2, 3}, x);
  std::mt19937 gen(1234);
  int accepted = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string file = valid;
    // Flip a few bytes, mostly in the header, and sometimes cut the file.
    int flips = 1 + int(gen() % 4);
    for (int f = 0; f < flips; ++f)
      file[gen() % std::min<size_t>(file.size(), 140)] = char(gen());
    if (gen() % 4 == 0)
      file.resize(gen() % file.size());
    Expected<NpyArray> result = parseNpy(file.data(), file.size(), "f.npy");
    if (result)
      ++accepted;
    else
      EXPECT_EQ(result.error().message.rfind("f.npy: ", 0), 0u);
  }
  EXPECT_GT(accepted, 0);
}

} // namespace

TEST(Npy, FourBitValuesPackTwoPerByteAndBack) {
  NpyArray values(DataType::Int8, {3});
  int8_t data[] = {-8, 3, 7};
  std::memcpy(values.data(), data, sizeof(data));
  Expected<NpyArray> packed = packFourBit(values, DataType::Int4, "x.npy");
  ASSERT_TRUE(packed) << packed.error().message;
  EXPECT_EQ(packed->byteSize(), 2u);
  EXPECT_EQ(packed->dataAs<uint8_t>()[0], 0x38); // 3 high, -8 low
  EXPECT_EQ(packed->dataAs<uint8_t>()[1], 0x07);
  NpyArray back = unpackFourBit(*packed);
  EXPECT_EQ(back.dataType(), DataType::Int8);
  EXPECT_EQ(std::memcmp(back.data(), data, sizeof(data)), 0);

  data[1] = 8;
  std::memcpy(values.data(), data, sizeof(data));
  Expected<NpyArray> outOfRange = packFourBit(values, DataType::Int4, "x.npy");
  ASSERT_FALSE(outOfRange);
  EXPECT_EQ(outOfRange.error().message,
            "x.npy: element 1 (8) is out of the int4 range");
  Expected<NpyArray> wrongType = packFourBit(values, DataType::Uint4, "x.npy");
  ASSERT_FALSE(wrongType);
  EXPECT_EQ(wrongType.error().message,
            "x.npy: uint4 data must come as uint8 (one value per element), "
            "got int8");
}
