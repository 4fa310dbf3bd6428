// The SDL2 window: the only file in lstar that uses SDL. It scales the 720x400 (or 640x400)
// text screen to whatever size the window has, and reports keys by SDL_Scancode, which is the
// USB HID usage keymap.cpp expects.
#include <SDL.h>

#include <stdexcept>
#include <string>

#include "display/window.hpp"

namespace lstar::display {

namespace {

class SdlWindow : public Window {
public:
    SdlWindow(unsigned width, unsigned height) {
        if (SDL_Init(SDL_INIT_VIDEO) != 0)
            throw std::runtime_error(std::string("--display=sdl: cannot start SDL: ") + SDL_GetError() +
                                     " (headless: set SDL_VIDEODRIVER=offscreen or dummy)");
        window_ = SDL_CreateWindow("lstar", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, int(width),
                                   int(height), SDL_WINDOW_RESIZABLE);
        if (window_) renderer_ = SDL_CreateRenderer(window_, -1, 0);
        if (!renderer_) {
            const std::string why = SDL_GetError();
            close();
            throw std::runtime_error("--display=sdl: cannot open a window: " + why);
        }
        SDL_RenderSetLogicalSize(renderer_, int(width), int(height));  // scales when resized
    }
    ~SdlWindow() override { close(); }

    std::vector<WindowEvent> events(int timeout_ms) override {
        std::vector<WindowEvent> out;
        SDL_Event e;
        bool got = timeout_ms > 0 ? SDL_WaitEventTimeout(&e, timeout_ms) : SDL_PollEvent(&e);
        while (got) {
            translate(e, out);
            got = SDL_PollEvent(&e);
        }
        return out;
    }

    void show(const Image& image) override {
        if (!texture_ || int(image.width) != tex_w_ || int(image.height) != tex_h_) {
            if (texture_) SDL_DestroyTexture(texture_);
            texture_ = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING,
                                         int(image.width), int(image.height));
            if (!texture_) return;
            tex_w_ = int(image.width), tex_h_ = int(image.height);
            SDL_RenderSetLogicalSize(renderer_, tex_w_, tex_h_);
        }
        // RGB888 is 0x00RRGGBB in a 32-bit word, the Image's own layout.
        SDL_UpdateTexture(texture_, nullptr, image.pixels.data(), int(image.width * sizeof(uint32_t)));
        SDL_RenderClear(renderer_);
        SDL_RenderCopy(renderer_, texture_, nullptr, nullptr);
        SDL_RenderPresent(renderer_);
    }

    void set_title(const std::string& title) override {
        if (title != title_) SDL_SetWindowTitle(window_, (title_ = title).c_str());
    }

    void inject_key(uint8_t usage, bool pressed) override {
        SDL_Event e{};
        e.type = pressed ? SDL_KEYDOWN : SDL_KEYUP;
        e.key.state = pressed ? SDL_PRESSED : SDL_RELEASED;
        e.key.windowID = SDL_GetWindowID(window_);
        e.key.keysym.scancode = SDL_Scancode(usage);
        e.key.keysym.sym = SDL_GetKeyFromScancode(SDL_Scancode(usage));
        SDL_PushEvent(&e);
    }

private:
    static void translate(const SDL_Event& e, std::vector<WindowEvent>& out) {
        switch (e.type) {
        case SDL_QUIT:
            out.push_back({WindowEvent::Kind::QUIT});
            break;
        case SDL_WINDOWEVENT:
            if (e.window.event == SDL_WINDOWEVENT_EXPOSED || e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
                out.push_back({WindowEvent::Kind::EXPOSE});
            break;
        case SDL_KEYDOWN:
        case SDL_KEYUP: {
            // SDL repeats held keys with KEYDOWN events, as the keyboard's typematic repeat does.
            const Uint16 mod = SDL_GetModState();
            const bool ctrl_alt = (mod & KMOD_CTRL) && (mod & KMOD_ALT);
            const unsigned sc = e.key.keysym.scancode;
            if (sc < 256) out.push_back({WindowEvent::Kind::KEY, uint8_t(sc), e.type == SDL_KEYDOWN, ctrl_alt});
            break;
        }
        default:
            break;
        }
    }

    void close() {
        if (texture_) SDL_DestroyTexture(texture_);
        if (renderer_) SDL_DestroyRenderer(renderer_);
        if (window_) SDL_DestroyWindow(window_);
        texture_ = nullptr, renderer_ = nullptr, window_ = nullptr;
        SDL_Quit();
    }

    SDL_Window* window_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;
    SDL_Texture* texture_ = nullptr;
    int tex_w_ = 0, tex_h_ = 0;
    std::string title_;
};

}  // namespace

std::unique_ptr<Window> open_sdl_window(unsigned width, unsigned height) {
    return std::make_unique<SdlWindow>(width, height);
}

}  // namespace lstar::display
