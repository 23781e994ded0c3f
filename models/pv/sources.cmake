target_sources(wattfleet_pv PRIVATE
  pv/irradiance.cpp
  pv/pv_array.cpp
  pv/pv_chain.cpp
  pv/pv_registration.cpp
  pv/pv_trace.cpp
  pv/solar_position.cpp
  pv/spa.cpp
  pv/synthetic_temperature.cpp
  pv/synthetic_weather.cpp
  pv/weather.cpp
  pv/weather_epw.cpp
  pv/weather_fields.cpp
  pv/weather_repair.cpp)
