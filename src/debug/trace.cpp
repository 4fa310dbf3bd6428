// STUB
namespace lstar {}
