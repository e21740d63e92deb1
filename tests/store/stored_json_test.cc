// Documents read back from the store are parsed with limits, so a row that
// was damaged, or written by something other than scheduLight, is an error
// of that read and never a crash of whoever reads it.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "store/sqlite_store.h"

namespace schedulight {
namespace {

class StoredJsonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("schedulight-stored-json-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    RemoveFiles();
    auto store = OpenStore("sqlite:" + path_.string());
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    auto put = store_->Transact([](StoreSession& session) {
      session.PutServer({"bbb", {{"BBB_URL", "https://bbb.example.org/"}}, FromUnixSeconds(1)});
    });
    ASSERT_TRUE(put) << put.error().message;
  }
  void TearDown() override {
    store_.reset();
    RemoveFiles();
  }
  void RemoveFiles() {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path_.string() + suffix);
  }
  // Replaces the stored document of server bbb behind the store's back.
  void DamageServerDocument(const std::string& text) {
    SQLite::Database db(path_.string(), SQLite::OPEN_READWRITE);
    SQLite::Statement update(db, "UPDATE servers SET document = ? WHERE id = 'bbb'");
    update.bind(1, text);
    ASSERT_EQ(update.exec(), 1);
  }
  // What reading and using the server gives: an error message, or "" when it read fine.
  std::string ReadServerBack() {
    auto read = store_->Transact([](StoreSession& session) {
      auto server = session.FindServer("bbb");
      ASSERT_TRUE(server);
      const nlohmann::json copy = server->document;  // as apply does to compare it
      EXPECT_EQ(copy, server->document);
    });
    return read ? "" : read.error().message;
  }

  std::filesystem::path path_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoredJsonTest, ADeeplyNestedDocumentIsAnErrorNotACrash) {
  DamageServerDocument("{\"x\": " + std::string(100000, '[') + std::string(100000, ']') + "}");
  const std::string error = ReadServerBack();
  EXPECT_NE(error.find("nested deeper than 128 levels"), std::string::npos) << error;
  EXPECT_NE(error.find("stored document"), std::string::npos) << error;
}

TEST_F(StoredJsonTest, DocumentsUpToTheStoreLimitReadBack) {
  // Deeper than the API and files allow (64), so a document they accepted can be embedded.
  DamageServerDocument(std::string(128, '[') + std::string(128, ']'));
  EXPECT_EQ(ReadServerBack(), "");
}

TEST_F(StoredJsonTest, BrokenTextAndHugeNumbersAreErrors) {
  DamageServerDocument("{\"x\": 1e999999}");
  EXPECT_NE(ReadServerBack().find("too large"), std::string::npos);
  DamageServerDocument("{\"x\": \"caf\xe9\"}");
  EXPECT_NE(ReadServerBack().find("UTF-8"), std::string::npos);
  DamageServerDocument("{\"x\": ");
  EXPECT_NE(ReadServerBack().find("stored document"), std::string::npos);
}

}  // namespace
}  // namespace schedulight
