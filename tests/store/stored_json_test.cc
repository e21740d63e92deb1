// Documents read back from the store are parsed with limits, so a row that
// was damaged, or written by something other than scheduLight, never crashes
// whoever reads it: a meeting's or server's document that is not JSON within
// the limits reads back as a JSON string holding its text (validators refuse
// it, listings mark it, the other rows read normally).

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
  // The server's document as read back (and copied, as apply does to compare it).
  nlohmann::json ReadServerBack() {
    nlohmann::json document;
    auto read = store_->Transact([&](StoreSession& session) {
      auto server = session.FindServer("bbb");
      ASSERT_TRUE(server);
      const nlohmann::json copy = server->document;
      EXPECT_EQ(copy, server->document);
      document = copy;
    });
    EXPECT_TRUE(read) << read.error().message;
    return document;
  }

  std::filesystem::path path_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoredJsonTest, ADeeplyNestedDocumentReadsBackAsItsTextNotACrash) {
  const std::string deep = "{\"x\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  DamageServerDocument(deep);
  EXPECT_EQ(ReadServerBack(), nlohmann::json(deep));
}

TEST_F(StoredJsonTest, DocumentsUpToTheStoreLimitReadBack) {
  // Deeper than the API and files allow (64), so a document they accepted can be embedded.
  DamageServerDocument(std::string(128, '[') + std::string(128, ']'));
  EXPECT_TRUE(ReadServerBack().is_array());
}

TEST_F(StoredJsonTest, BrokenTextAndHugeNumbersReadBackAsText) {
  DamageServerDocument("{\"x\": 1e999999}");
  EXPECT_EQ(ReadServerBack(), nlohmann::json("{\"x\": 1e999999}"));
  DamageServerDocument("{\"x\": ");
  EXPECT_EQ(ReadServerBack(), nlohmann::json("{\"x\": "));
  DamageServerDocument("{\"x\": \"caf\xe9\"}");
  const nlohmann::json latin1 = ReadServerBack();
  ASSERT_TRUE(latin1.is_string());
  EXPECT_NE(latin1.get<std::string>().find("not UTF-8"), std::string::npos) << latin1;
}

}  // namespace
}  // namespace schedulight
