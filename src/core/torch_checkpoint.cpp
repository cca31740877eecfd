#include "latentecho/core/torch_checkpoint.h"

#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/serialization/pickle.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "binary_file.h"
#include "latentecho/core/error.h"

namespace latentecho {
namespace {

// ---------------------------------------------------------------------------------------------
// The unpickler's own object model: Python objects as far as torch.save files contain them.
struct Node;
using NodePtr = std::shared_ptr<Node>;

struct Node {
  enum class Kind { None, Bool, Int, BigInt, Float, String, Bytes, Tuple, List, Dict, Global,
                    Storage, Tensor, Object };
  Kind kind = Kind::None;
  bool boolean = false;
  int64_t integer = 0;
  double real = 0.0;
  std::string text;  // String / Bytes / BigInt (little-endian bytes) / Global and Object class
  std::vector<NodePtr> items;                            // Tuple, List
  std::vector<std::pair<NodePtr, NodePtr>> entries;      // Dict
  at::Tensor tensor;                                     // Storage (1-D), Tensor

  static NodePtr make(Kind kind) {
    auto n = std::make_shared<Node>();
    n->kind = kind;
    return n;
  }
};

std::string kindName(const Node& n) {
  switch (n.kind) {
    case Node::Kind::None: return "None";
    case Node::Kind::Bool: return "bool";
    case Node::Kind::Int: case Node::Kind::BigInt: return "int";
    case Node::Kind::Float: return "float";
    case Node::Kind::String: return "str";
    case Node::Kind::Bytes: return "bytes";
    case Node::Kind::Tuple: return "tuple";
    case Node::Kind::List: return "list";
    case Node::Kind::Dict: return "dict";
    case Node::Kind::Global: return "class " + n.text;
    case Node::Kind::Storage: return "storage";
    case Node::Kind::Tensor: return "tensor";
    case Node::Kind::Object: return "object of class " + n.text;
  }
  return "object";
}

std::optional<at::ScalarType> storageDtype(const std::string& global) {
  static const std::map<std::string, at::ScalarType> types{
      {"torch.FloatStorage", at::kFloat},     {"torch.DoubleStorage", at::kDouble},
      {"torch.HalfStorage", at::kHalf},       {"torch.BFloat16Storage", at::kBFloat16},
      {"torch.LongStorage", at::kLong},       {"torch.IntStorage", at::kInt},
      {"torch.ShortStorage", at::kShort},     {"torch.CharStorage", at::kChar},
      {"torch.ByteStorage", at::kByte},       {"torch.BoolStorage", at::kBool},
      {"torch.ComplexFloatStorage", at::kComplexFloat},
      {"torch.ComplexDoubleStorage", at::kComplexDouble}};
  auto it = types.find(global);
  if (it == types.end()) return std::nullopt;
  return it->second;
}

// Resolves a persistent id (the tuple torch.save writes for a storage) to a 1-D storage tensor.
using PersistentLoader = std::function<at::Tensor(const Node& pid)>;

class Unpickler {
 public:
  Unpickler(const char* data, size_t size, std::string where, PersistentLoader loader)
      : data_(data), size_(size), where_(std::move(where)), loader_(std::move(loader)) {}

  // Interprets one pickle starting at `offset`; returns the object and sets `offset` past STOP.
  NodePtr load(size_t& offset) {
    pos_ = offset;
    stack_.clear();
    marks_.clear();
    memo_.clear();
    while (true) {
      const auto op = static_cast<uint8_t>(readByte());
      if (op == '.') break;  // STOP
      step(op);
    }
    if (stack_.size() != 1) fail("malformed pickle (stack holds " + std::to_string(stack_.size()) +
                                 " objects at STOP)");
    offset = pos_;
    return stack_.back();
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { throw Error(where_ + ": " + what); }

  void need(size_t n) const {
    if (pos_ + n > size_) fail("truncated (the pickle ends unexpectedly)");
  }
  char readByte() {
    need(1);
    return data_[pos_++];
  }
  template <typename T>
  T readLittle() {
    need(sizeof(T));
    T value;
    std::memcpy(&value, data_ + pos_, sizeof(T));
    pos_ += sizeof(T);
    return value;
  }
  std::string readBytes(uint64_t n) {
    if (n > size_) fail("truncated (a string runs past the end)");
    need(static_cast<size_t>(n));
    std::string s(data_ + pos_, static_cast<size_t>(n));
    pos_ += static_cast<size_t>(n);
    return s;
  }
  std::string readLine() {
    std::string s;
    while (true) {
      const char c = readByte();
      if (c == '\n') break;
      s.push_back(c);
    }
    return s;
  }

  NodePtr pop() {
    if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back()))
      fail("malformed pickle (pop from an empty stack)");
    NodePtr n = stack_.back();
    stack_.pop_back();
    return n;
  }
  NodePtr& top() {
    if (stack_.empty()) fail("malformed pickle (empty stack)");
    return stack_.back();
  }
  std::vector<NodePtr> popMark() {
    if (marks_.empty()) fail("malformed pickle (no MARK)");
    const size_t mark = marks_.back();
    marks_.pop_back();
    std::vector<NodePtr> items(stack_.begin() + static_cast<std::ptrdiff_t>(mark), stack_.end());
    stack_.resize(mark);
    return items;
  }
  void push(NodePtr n) { stack_.push_back(std::move(n)); }
  void pushInt(int64_t v) {
    auto n = Node::make(Node::Kind::Int);
    n->integer = v;
    push(n);
  }
  void pushString(std::string s, Node::Kind kind = Node::Kind::String) {
    auto n = Node::make(kind);
    n->text = std::move(s);
    push(n);
  }
  void memoPut(uint64_t index) { memo_[index] = top(); }
  void memoGet(uint64_t index) {
    auto it = memo_.find(index);
    if (it == memo_.end()) fail("malformed pickle (memo entry " + std::to_string(index) + ")");
    push(it->second);
  }

  static void setItem(Node& dict, NodePtr key, NodePtr value) {
    dict.entries.emplace_back(std::move(key), std::move(value));
  }

  void decodeLong(size_t n) {
    std::string bytes = readBytes(n);
    if (n <= 8) {
      uint64_t v = 0;
      for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(bytes[i])) << (8 * i);
      if (n > 0 && n < 8 && (static_cast<uint8_t>(bytes[n - 1]) & 0x80))
        v |= ~uint64_t{0} << (8 * n);  // sign-extend
      pushInt(static_cast<int64_t>(v));
    } else {
      pushString(std::move(bytes), Node::Kind::BigInt);
    }
  }

  NodePtr callGlobal(const NodePtr& callable, const NodePtr& args) {
    if (callable->kind != Node::Kind::Global)
      fail("unsupported pickle: REDUCE on a " + kindName(*callable));
    if (args->kind != Node::Kind::Tuple) fail("malformed pickle (REDUCE arguments are not a tuple)");
    const std::string& name = callable->text;
    const auto& a = args->items;
    if (name == "collections.OrderedDict" || name == "builtins.dict") {
      auto dict = Node::make(Node::Kind::Dict);
      if (!a.empty() && a[0]->kind == Node::Kind::List) {
        for (const auto& pair : a[0]->items)
          if (pair->kind == Node::Kind::Tuple && pair->items.size() == 2)
            setItem(*dict, pair->items[0], pair->items[1]);
      }
      return dict;
    }
    if (name == "torch._utils._rebuild_tensor_v2" || name == "torch._utils._rebuild_tensor") {
      if (a.size() < 4 || a[0]->kind != Node::Kind::Storage)
        fail("malformed tensor record (" + name + ")");
      auto t = Node::make(Node::Kind::Tensor);
      t->tensor = a[0]->tensor.as_strided(intList(*a[2]), intList(*a[3]), integer(*a[1]));
      return t;
    }
    if (name == "torch._utils._rebuild_parameter" ||
        name == "torch._utils._rebuild_parameter_with_state") {
      if (a.empty() || a[0]->kind != Node::Kind::Tensor) fail("malformed parameter record");
      return a[0];
    }
    // LibTorch's own pickler (torch::pickle_save) tags typed containers and lists.
    if (name == "torch.jit._pickle.restore_type_tag" && !a.empty()) return a[0];
    if ((name == "torch.jit._pickle.build_intlist" || name == "torch.jit._pickle.build_doublelist" ||
         name == "torch.jit._pickle.build_boollist" ||
         name == "torch.jit._pickle.build_tensorlist") &&
        !a.empty())
      return a[0];
    if (name == "_codecs.encode" && !a.empty() && a[0]->kind == Node::Kind::String) {
      auto b = Node::make(Node::Kind::Bytes);
      b->text = a[0]->text;  // latin-1 text of the bytes; good enough for opaque payloads
      return b;
    }
    // Any other class: keep its name; converting it to a value reports it.
    auto object = Node::make(Node::Kind::Object);
    object->text = name;
    return object;
  }

  int64_t integer(const Node& n) {
    if (n.kind == Node::Kind::Int) return n.integer;
    if (n.kind == Node::Kind::Bool) return n.boolean ? 1 : 0;
    fail("malformed tensor record (expected an int, got " + kindName(n) + ")");
  }
  std::vector<int64_t> intList(const Node& n) {
    if (n.kind != Node::Kind::Tuple && n.kind != Node::Kind::List)
      fail("malformed tensor record (expected a tuple of ints)");
    std::vector<int64_t> out;
    for (const auto& item : n.items) out.push_back(integer(*item));
    return out;
  }

  void step(uint8_t op) {
    switch (op) {
      case 0x80: readByte(); break;                  // PROTO
      case 0x95: readLittle<uint64_t>(); break;      // FRAME
      case '}': push(Node::make(Node::Kind::Dict)); break;   // EMPTY_DICT
      case ']': push(Node::make(Node::Kind::List)); break;   // EMPTY_LIST
      case ')': push(Node::make(Node::Kind::Tuple)); break;  // EMPTY_TUPLE
      case '(': marks_.push_back(stack_.size()); break;     // MARK
      case 'q': memoPut(static_cast<uint8_t>(readByte())); break;  // BINPUT
      case 'r': memoPut(readLittle<uint32_t>()); break;            // LONG_BINPUT
      case 0x94: memoPut(memo_.size()); break;                     // MEMOIZE
      case 'h': memoGet(static_cast<uint8_t>(readByte())); break;  // BINGET
      case 'j': memoGet(readLittle<uint32_t>()); break;            // LONG_BINGET
      case 'p': memoPut(std::stoull(readLine())); break;           // PUT
      case 'g': memoGet(std::stoull(readLine())); break;           // GET
      case 'X': pushString(readBytes(readLittle<uint32_t>())); break;             // BINUNICODE
      case 0x8c: pushString(readBytes(static_cast<uint8_t>(readByte()))); break;  // SHORT_BINUNICODE
      case 0x8d: pushString(readBytes(readLittle<uint64_t>())); break;            // BINUNICODE8
      case 'T': pushString(readBytes(readLittle<uint32_t>())); break;             // BINSTRING
      case 'U': pushString(readBytes(static_cast<uint8_t>(readByte()))); break;   // SHORT_BINSTRING
      case 'B': pushString(readBytes(readLittle<uint32_t>()), Node::Kind::Bytes); break;
      case 'C': pushString(readBytes(static_cast<uint8_t>(readByte())), Node::Kind::Bytes); break;
      case 0x8e: pushString(readBytes(readLittle<uint64_t>()), Node::Kind::Bytes); break;
      case 'c': {  // GLOBAL
        std::string module = readLine();
        std::string name = readLine();
        pushString(module + "." + name, Node::Kind::Global);
        break;
      }
      case 0x93: {  // STACK_GLOBAL
        NodePtr name = pop();
        NodePtr module = pop();
        if (name->kind != Node::Kind::String || module->kind != Node::Kind::String)
          fail("malformed pickle (STACK_GLOBAL)");
        pushString(module->text + "." + name->text, Node::Kind::Global);
        break;
      }
      case 'Q': {  // BINPERSID
        NodePtr pid = pop();
        auto storage = Node::make(Node::Kind::Storage);
        storage->tensor = loader_(*pid);
        push(storage);
        break;
      }
      case 't': {  // TUPLE
        auto t = Node::make(Node::Kind::Tuple);
        t->items = popMark();
        push(t);
        break;
      }
      case 0x85: case 0x86: case 0x87: {  // TUPLE1..3
        const int count = op - 0x84;
        auto t = Node::make(Node::Kind::Tuple);
        t->items.resize(static_cast<size_t>(count));
        for (int i = count - 1; i >= 0; --i) t->items[static_cast<size_t>(i)] = pop();
        push(t);
        break;
      }
      case 'l': {  // LIST
        auto l = Node::make(Node::Kind::List);
        l->items = popMark();
        push(l);
        break;
      }
      case 'd': {  // DICT
        auto d = Node::make(Node::Kind::Dict);
        auto items = popMark();
        for (size_t i = 0; i + 1 < items.size(); i += 2) setItem(*d, items[i], items[i + 1]);
        push(d);
        break;
      }
      case 'J': pushInt(readLittle<int32_t>()); break;                   // BININT
      case 'K': pushInt(static_cast<uint8_t>(readByte())); break;        // BININT1
      case 'M': pushInt(readLittle<uint16_t>()); break;                  // BININT2
      case 0x8a: decodeLong(static_cast<uint8_t>(readByte())); break;   // LONG1
      case 0x8b: decodeLong(readLittle<uint32_t>()); break;             // LONG4
      case 'I': {  // INT (protocol 0; "I01"/"I00" are True/False)
        std::string line = readLine();
        if (line == "01" || line == "00") {
          auto b = Node::make(Node::Kind::Bool);
          b->boolean = line == "01";
          push(b);
        } else {
          pushInt(std::stoll(line));
        }
        break;
      }
      case 0x88: case 0x89: {  // NEWTRUE, NEWFALSE
        auto b = Node::make(Node::Kind::Bool);
        b->boolean = op == 0x88;
        push(b);
        break;
      }
      case 'N': push(Node::make(Node::Kind::None)); break;
      case 'G': {  // BINFLOAT, big-endian
        need(8);
        uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits = (bits << 8) | static_cast<uint8_t>(data_[pos_ + i]);
        pos_ += 8;
        auto f = Node::make(Node::Kind::Float);
        std::memcpy(&f->real, &bits, 8);
        push(f);
        break;
      }
      case 'R': {  // REDUCE
        NodePtr args = pop();
        NodePtr callable = pop();
        push(callGlobal(callable, args));
        break;
      }
      case 0x81: {  // NEWOBJ
        NodePtr args = pop();
        NodePtr cls = pop();
        push(callGlobal(cls, args));
        break;
      }
      case 's': {  // SETITEM
        NodePtr value = pop();
        NodePtr key = pop();
        NodePtr& dict = top();
        if (dict->kind != Node::Kind::Dict) fail("malformed pickle (SETITEM on a " + kindName(*dict) + ")");
        setItem(*dict, key, value);
        break;
      }
      case 'u': {  // SETITEMS
        auto items = popMark();
        NodePtr& dict = top();
        if (dict->kind != Node::Kind::Dict) fail("malformed pickle (SETITEMS on a " + kindName(*dict) + ")");
        if (items.size() % 2 != 0) fail("malformed pickle (odd SETITEMS)");
        for (size_t i = 0; i < items.size(); i += 2) setItem(*dict, items[i], items[i + 1]);
        break;
      }
      case 'a': {  // APPEND
        NodePtr value = pop();
        NodePtr& list = top();
        if (list->kind != Node::Kind::List) fail("malformed pickle (APPEND on a " + kindName(*list) + ")");
        list->items.push_back(value);
        break;
      }
      case 'e': {  // APPENDS
        auto items = popMark();
        NodePtr& list = top();
        if (list->kind != Node::Kind::List) fail("malformed pickle (APPENDS on a " + kindName(*list) + ")");
        list->items.insert(list->items.end(), items.begin(), items.end());
        break;
      }
      case 'b': {  // BUILD: object state (an OrderedDict's _metadata, a class's __dict__): dropped
        pop();
        top();
        break;
      }
      case '0': pop(); break;          // POP
      case '1': popMark(); break;      // POP_MARK
      case '2': push(top()); break;    // DUP
      default: {
        std::ostringstream s;
        s << "unsupported pickle opcode 0x" << std::hex << static_cast<int>(op) << " at byte "
          << std::dec << (pos_ - 1);
        fail(s.str());
      }
    }
  }

  const char* data_;
  size_t size_;
  size_t pos_ = 0;
  std::string where_;
  PersistentLoader loader_;
  std::vector<NodePtr> stack_;
  std::vector<size_t> marks_;
  std::unordered_map<uint64_t, NodePtr> memo_;
};

// ---------------------------------------------------------------------------------------------
c10::IValue toIValue(const Node& n, const std::string& file, const std::string& path) {
  switch (n.kind) {
    case Node::Kind::None: return c10::IValue();
    case Node::Kind::Bool: return c10::IValue(n.boolean);
    case Node::Kind::Int: return c10::IValue(n.integer);
    case Node::Kind::Float: return c10::IValue(n.real);
    case Node::Kind::String: case Node::Kind::Bytes: return c10::IValue(n.text);
    case Node::Kind::Tensor: return c10::IValue(n.tensor);
    case Node::Kind::Tuple: {
      std::vector<c10::IValue> items;
      for (size_t i = 0; i < n.items.size(); ++i)
        items.push_back(toIValue(*n.items[i], file, path + "[" + std::to_string(i) + "]"));
      return c10::ivalue::Tuple::create(std::move(items));
    }
    case Node::Kind::List: {
      c10::impl::GenericList list(c10::AnyType::get());
      for (size_t i = 0; i < n.items.size(); ++i)
        list.push_back(toIValue(*n.items[i], file, path + "[" + std::to_string(i) + "]"));
      return list;
    }
    case Node::Kind::Dict: {
      c10::impl::GenericDict dict(c10::AnyType::get(), c10::AnyType::get());
      for (const auto& [key, value] : n.entries) {
        if (key->kind != Node::Kind::String && key->kind != Node::Kind::Int &&
            key->kind != Node::Kind::Bool && key->kind != Node::Kind::Float)
          throw Error(file + ": unsupported dict key (a " + kindName(*key) + ") in " + path);
        c10::IValue k = toIValue(*key, file, path);
        const std::string label =
            key->kind == Node::Kind::String ? "'" + key->text + "'" : k.isInt() ? std::to_string(k.toInt()) : "key";
        dict.insert_or_assign(k, toIValue(*value, file, path + "[" + label + "]"));
      }
      return dict;
    }
    case Node::Kind::BigInt:
      throw Error(file + ": an integer too large for 64 bits in " + path);
    case Node::Kind::Global: case Node::Kind::Object: case Node::Kind::Storage:
      break;
  }
  throw Error(file + ": unsupported Python object (" + kindName(n) + ") in " + path +
              "; only dicts, lists, tuples, numbers, strings and tensors can be read");
}

at::ScalarType pidStorageType(const Node& pid, const std::string& file) {
  if (pid.kind != Node::Kind::Tuple || pid.items.size() < 5 ||
      pid.items[0]->kind != Node::Kind::String || pid.items[0]->text != "storage")
    throw Error(file + ": malformed storage reference in the pickle");
  const Node& type = *pid.items[1];
  auto dtype = type.kind == Node::Kind::Global ? storageDtype(type.text) : std::nullopt;
  if (!dtype) throw Error(file + ": unsupported storage type (" + kindName(type) + ")");
  return *dtype;
}

// The zip container of PyTorch >= 1.6.
NodePtr loadZip(const std::string& file) {
  std::unique_ptr<caffe2::serialize::PyTorchStreamReader> reader;
  try {
    reader = std::make_unique<caffe2::serialize::PyTorchStreamReader>(file);
  } catch (const std::exception&) {
    throw Error(file + ": not a readable torch.save zip archive (truncated or corrupt)");
  }
  auto record = [&](const std::string& name) {
    try {
      return reader->getRecord(name);
    } catch (const std::exception&) {
      throw Error(file + ": the archive's record '" + name + "' is missing or corrupt (truncated?)");
    }
  };
  if (reader->hasRecord("byteorder")) {
    auto [order, orderSize] = record("byteorder");
    const std::string value(static_cast<const char*>(order.get()), orderSize);
    if (value != "little") throw Error(file + ": saved with byte order '" + value + "', unsupported");
  }
  if (!reader->hasRecord("data.pkl")) throw Error(file + ": no data.pkl in the archive (not a torch.save file)");
  auto [pickle, pickleSize] = record("data.pkl");

  std::unordered_map<std::string, at::Tensor> storages;
  PersistentLoader loader = [&](const Node& pid) -> at::Tensor {
    const at::ScalarType dtype = pidStorageType(pid, file);
    const Node& key = *pid.items[2];
    if (key.kind != Node::Kind::String) throw Error(file + ": malformed storage key");
    auto it = storages.find(key.text);
    if (it != storages.end()) return it->second.view(dtype);
    const int64_t numel = pid.items[4]->kind == Node::Kind::Int ? pid.items[4]->integer : -1;
    auto [data, size] = record("data/" + key.text);
    const size_t itemSize = c10::elementSize(dtype);
    if (numel < 0 || size < static_cast<size_t>(numel) * itemSize)
      throw Error(file + ": storage '" + key.text + "' holds " + std::to_string(size) +
                  " bytes, fewer than its " + std::to_string(numel) + " elements need");
    at::Tensor storage = at::empty({numel}, at::TensorOptions().dtype(dtype));
    if (numel > 0) std::memcpy(storage.data_ptr(), data.get(), static_cast<size_t>(numel) * itemSize);
    storages.emplace(key.text, storage);
    return storage;
  };
  Unpickler unpickler(static_cast<const char*>(pickle.get()), pickleSize, file, loader);
  size_t offset = 0;
  return unpickler.load(offset);
}

// The sequential format of PyTorch < 1.6: magic, protocol, sys info, object, storage keys,
// then each storage as an int64 element count followed by its bytes.
NodePtr loadLegacy(const std::string& file, const std::vector<char>& bytes) {
  std::map<std::string, at::Tensor> storages;
  PersistentLoader loader = [&](const Node& pid) -> at::Tensor {
    const at::ScalarType dtype = pidStorageType(pid, file);
    const Node& key = *pid.items[2];
    if (key.kind != Node::Kind::String) throw Error(file + ": malformed storage key");
    if (pid.items[4]->kind != Node::Kind::Int) throw Error(file + ": malformed storage size");
    auto it = storages.find(key.text);
    if (it == storages.end())
      it = storages.emplace(key.text, at::empty({pid.items[4]->integer}, dtype)).first;
    at::Tensor storage = it->second;
    if (pid.items.size() > 5 && pid.items[5]->kind == Node::Kind::Tuple &&
        pid.items[5]->items.size() == 3) {  // a view: (view key, offset, size)
      const auto& view = pid.items[5]->items;
      storage = storage.narrow(0, view[1]->integer, view[2]->integer);
    }
    return storage;
  };
  PersistentLoader none = [&](const Node&) -> at::Tensor {
    throw Error(file + ": malformed legacy header");
  };
  size_t offset = 0;
  Unpickler header(bytes.data(), bytes.size(), file, none);
  NodePtr magic = header.load(offset);
  static const std::string kMagic("\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", 10);
  if (magic->kind != Node::Kind::BigInt || magic->text != kMagic)
    throw Error(file + ": not a torch.save file (bad magic number)");
  NodePtr protocol = header.load(offset);
  if (protocol->kind != Node::Kind::Int || protocol->integer != 1001)
    throw Error(file + ": unsupported legacy torch.save protocol");
  header.load(offset);  // sys info
  Unpickler body(bytes.data(), bytes.size(), file, loader);
  NodePtr root = body.load(offset);
  NodePtr keys = header.load(offset);
  if (keys->kind != Node::Kind::List) throw Error(file + ": malformed legacy storage list");
  for (const auto& key : keys->items) {
    if (key->kind != Node::Kind::String) throw Error(file + ": malformed legacy storage key");
    auto it = storages.find(key->text);
    if (offset + 8 > bytes.size()) throw Error(file + ": truncated (storage data missing)");
    int64_t count = 0;
    std::memcpy(&count, bytes.data() + offset, 8);
    offset += 8;
    if (it == storages.end()) throw Error(file + ": storage '" + key->text + "' is not referenced");
    at::Tensor& storage = it->second;
    const size_t size = static_cast<size_t>(storage.numel()) * storage.element_size();
    if (count != storage.numel() || offset + size > bytes.size())
      throw Error(file + ": truncated (storage '" + key->text + "' is incomplete)");
    std::memcpy(storage.data_ptr(), bytes.data() + offset, size);
    offset += size;
  }
  return root;
}

NodePtr loadRoot(const std::string& file) {
  char head[4] = {0, 0, 0, 0};
  std::streamsize got = 0;
  {
    std::ifstream in(file, std::ios::binary);
    if (!in) (void)detail::readFileBytes(file);  // throws the right message (missing, unreadable)
    in.read(head, 4);
    got = in.gcount();
  }
  if (got == 4 && std::memcmp(head, "PK\x03\x04", 4) == 0) return loadZip(file);
  if (got >= 2 && static_cast<uint8_t>(head[0]) == 0x80)
    return loadLegacy(file, detail::readFileBytes(file));
  if (got == 0) throw Error(file + ": empty file");
  throw Error(file + ": not a torch.save file (neither a zip archive nor a pickle)");
}

}  // namespace

c10::IValue readTorchFile(const std::string& path) {
  NodePtr root = loadRoot(path);
  return toIValue(*root, path, "the saved object");
}

TensorMap tensorMapFromIValue(const c10::IValue& value, const std::string& what) {
  if (!value.isGenericDict())
    throw Error(what + ": expected a dict of tensors (a state dict), found " +
                value.tagKind());
  TensorMap out;
  for (const auto& entry : value.toGenericDict()) {
    if (!entry.key().isString())
      throw Error(what + ": expected a dict of tensors, but a key is a " + entry.key().tagKind());
    const std::string key = entry.key().toStringRef();
    if (!entry.value().isTensor())
      throw Error(what + ": expected a dict of tensors, but '" + key + "' holds a " +
                  entry.value().tagKind());
    out.emplace(key, entry.value().toTensor());
  }
  return out;
}

TensorMap readTorchStateDict(const std::string& path) {
  return tensorMapFromIValue(readTorchFile(path), path);
}

at::Tensor readTorchTensor(const std::string& path) {
  c10::IValue value = readTorchFile(path);
  if (!value.isTensor()) throw Error(path + ": expected a tensor, found a " + value.tagKind());
  return value.toTensor();
}

void writeTorchTensor(const std::string& path, const at::Tensor& tensor) {
  const std::vector<char> bytes = torch::pickle_save(tensor.contiguous());
  detail::writeFileAtomically(path, {{bytes.data(), bytes.size()}});
}

void writeTorchStateDict(const std::string& path, const TensorMap& tensors) {
  c10::Dict<std::string, at::Tensor> dict;
  for (const auto& [name, tensor] : tensors) dict.insert(name, tensor.contiguous());
  const std::vector<char> bytes = torch::pickle_save(dict);
  detail::writeFileAtomically(path, {{bytes.data(), bytes.size()}});
}

}  // namespace latentecho
